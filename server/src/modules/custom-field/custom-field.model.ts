import { registerEnumType } from 'type-graphql';

/** Which records a custom field, a page template or a custom page belongs to. */
export enum RecordKind {
  COMPANY = 'COMPANY',
  CONTACT = 'CONTACT',
}
registerEnumType(RecordKind, { name: 'RecordKind', description: 'Companies or contacts.' });

export enum CustomFieldType {
  TEXT = 'TEXT',
  LONG_TEXT = 'LONG_TEXT',
  NUMBER = 'NUMBER',
  DECIMAL = 'DECIMAL',
  DATE = 'DATE',
  BOOLEAN = 'BOOLEAN',
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  URL = 'URL',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
}
registerEnumType(CustomFieldType, {
  name: 'CustomFieldType',
  description: 'How a custom field value is typed, checked and stored.',
  valuesConfig: {
    NUMBER: { description: 'A whole number (JSON number).' },
    DECIMAL: { description: 'A decimal number, stored as a string to keep its precision ("12.50").' },
    DATE: { description: 'A calendar date, YYYY-MM-DD.' },
    BOOLEAN: { description: 'Yes / no.' },
    SINGLE_CHOICE: { description: 'The key of one of the choices.' },
    MULTIPLE_CHOICE: { description: 'Keys of choices, as a list.' },
    PHONE: { description: 'Stored in E.164.' },
  },
});

/** One choice of a choice field. Values store the key, which never changes; labels may. */
export interface CustomFieldChoice {
  key: string;
  labelFr: string;
  labelEn: string | null;
}

/** What the value rules, the list/import/export code and the pages need to know about a field. */
export interface CustomFieldDefinition {
  id: string;
  recordKind: RecordKind;
  key: string;
  labelFr: string;
  labelEn: string | null;
  type: CustomFieldType;
  required: boolean;
  choices: CustomFieldChoice[];
  position: number;
}

export const CHOICE_TYPES: readonly CustomFieldType[] = [
  CustomFieldType.SINGLE_CHOICE,
  CustomFieldType.MULTIPLE_CHOICE,
];
