// Blocks of a custom page: what they are, how they are checked. Pure functions: no I/O.

import { randomBytes } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import type { FieldErrors } from '../../common/errors';
import type { Locale } from '../../common/i18n';
import { RecordKind } from '../custom-field/custom-field.model';
import { normalizeUrl } from '../validation/contact-data';

export enum PageBlockKind {
  HEADING = 'HEADING',
  TEXT = 'TEXT',
  IMAGE = 'IMAGE',
  LINK = 'LINK',
  /** A field of the record itself (name, email…), shown live. */
  RECORD_FIELD = 'RECORD_FIELD',
  /** A custom field's value, shown live. */
  CUSTOM_FIELD = 'CUSTOM_FIELD',
}
registerEnumType(PageBlockKind, {
  name: 'PageBlockKind',
  description: 'Static blocks (heading, text, image, link) or dynamic ones (a record field, a custom field).',
});

/** The grid: 12 columns, rows as many as needed. */
export const GRID_COLUMNS = 12;
export const MAX_ROW = 500;
export const MAX_HEIGHT = 20;
export const MAX_BLOCKS = 100;
const MAX_HEADING = 200;
const MAX_TEXT = 5000;

export interface PageBlock {
  id: string;
  kind: PageBlockKind;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Heading or paragraph text; caption of an image, label of a link or of a field. */
  text: string | null;
  /** Image or link address (http/https). */
  url: string | null;
  /** Record field name or custom field key of a dynamic block. */
  field: string | null;
}

export interface PageBlockInput {
  id?: string | null;
  kind: PageBlockKind;
  x: number;
  y: number;
  w: number;
  h: number;
  text?: string | null;
  url?: string | null;
  field?: string | null;
}

type Label = Record<Locale, string>;

/** The record fields a dynamic block can show, with their labels. */
export const RECORD_FIELDS: Record<RecordKind, Record<string, Label>> = {
  [RecordKind.COMPANY]: {
    name: { fr: 'Nom', en: 'Name' },
    website: { fr: 'Site web', en: 'Website' },
    companyType: { fr: 'Type de société', en: 'Company type' },
    addressLine1: { fr: 'Adresse', en: 'Address' },
    addressLine2: { fr: 'Adresse 2', en: 'Address 2' },
    postalCode: { fr: 'Code postal', en: 'Postal code' },
    city: { fr: 'Ville', en: 'City' },
    country: { fr: 'Pays', en: 'Country' },
    vatNumber: { fr: 'Numéro de TVA', en: 'VAT number' },
    accountingAccount: { fr: 'Compte comptable', en: 'Accounting account' },
    siret: { fr: 'SIRET', en: 'SIRET' },
    siren: { fr: 'SIREN', en: 'SIREN' },
    apeCode: { fr: 'Code APE', en: 'APE code' },
    mainContact: { fr: 'Contact principal', en: 'Main contact' },
    active: { fr: 'Actif', en: 'Active' },
    optIn: { fr: 'Opt-in', en: 'Opt-in' },
  },
  [RecordKind.CONTACT]: {
    fullName: { fr: 'Nom complet', en: 'Full name' },
    firstName: { fr: 'Prénom', en: 'First name' },
    lastName: { fr: 'Nom', en: 'Last name' },
    civility: { fr: 'Civilité', en: 'Civility' },
    email: { fr: 'Email', en: 'Email' },
    position: { fr: 'Poste', en: 'Position' },
    phoneDirect: { fr: 'Téléphone direct', en: 'Direct phone' },
    phoneMobile: { fr: 'Portable', en: 'Mobile' },
    phoneSwitchboard: { fr: 'Standard', en: 'Switchboard' },
    company: { fr: 'Société', en: 'Company' },
    salesperson: { fr: 'Commercial', en: 'Salesperson' },
    situation: { fr: 'Situation', en: 'Situation' },
    progressState: { fr: "État d'avancement", en: 'Progress state' },
    source: { fr: 'Source', en: 'Source' },
    potential: { fr: 'Potentiel', en: 'Potential' },
    linkedin: { fr: 'LinkedIn', en: 'LinkedIn' },
    active: { fr: 'Actif', en: 'Active' },
    optIn: { fr: 'Opt-in', en: 'Opt-in' },
  },
};

const BLOCK_ID = /^[A-Za-z0-9_-]{1,40}$/;

const newBlockId = () => randomBytes(6).toString('hex');

function int(errors: FieldErrors, path: (string | number)[], value: unknown, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    errors.add(path, 'page.gridBounds');
    return min;
  }
  return value as number;
}

function text(
  errors: FieldErrors,
  path: (string | number)[],
  raw: string | null | undefined,
  max: number,
  required: boolean,
): string | null {
  // Paragraphs keep their line breaks; only the ends are trimmed.
  const value = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  if (!value) {
    if (required) errors.add(path, 'field.required');
    return null;
  }
  if ([...value].length > max) errors.add(path, 'field.tooLong', { max });
  return value;
}

/**
 * Checks a page's blocks (kind, grid position, content, known fields) and returns them in
 * stored form, ordered top to bottom then left to right. Problems go to `errors` under
 * `<path>.<index>.<property>`. `customFieldKeys`: the custom fields of the record kind.
 */
export function checkBlocks(
  kind: RecordKind,
  input: readonly PageBlockInput[],
  customFieldKeys: ReadonlySet<string>,
  errors: FieldErrors,
  path: (string | number)[],
): PageBlock[] {
  if (input.length > MAX_BLOCKS) {
    errors.add(path, 'page.tooManyBlocks', { max: MAX_BLOCKS });
    return [];
  }
  const ids = new Set<string>();
  const blocks = input.map((b, i): PageBlock => {
    const at = (prop: string) => [...path, i, prop];
    let id = b.id?.trim() || newBlockId();
    if (!BLOCK_ID.test(id) || ids.has(id)) {
      if (b.id && !BLOCK_ID.test(id)) errors.add(at('id'), 'field.invalid');
      id = newBlockId();
    }
    ids.add(id);
    if (!Object.values(PageBlockKind).includes(b.kind)) errors.add(at('kind'), 'field.invalid');
    const x = int(errors, at('x'), b.x, 0, GRID_COLUMNS - 1);
    const w = int(errors, at('w'), b.w, 1, GRID_COLUMNS);
    if (x + w > GRID_COLUMNS) errors.add(at('w'), 'page.gridBounds');
    const y = int(errors, at('y'), b.y, 0, MAX_ROW);
    const h = int(errors, at('h'), b.h, 1, MAX_HEIGHT);
    const block: PageBlock = { id, kind: b.kind, x, y, w, h, text: null, url: null, field: null };
    switch (b.kind) {
      case PageBlockKind.HEADING:
        block.text = text(errors, at('text'), b.text, MAX_HEADING, true);
        break;
      case PageBlockKind.TEXT:
        block.text = text(errors, at('text'), b.text, MAX_TEXT, true);
        break;
      case PageBlockKind.IMAGE:
      case PageBlockKind.LINK: {
        block.text = text(errors, at('text'), b.text, MAX_HEADING, false);
        const url = normalizeUrl(b.url ?? null);
        if (!url.ok) errors.add(at('url'), url.reason, url.params);
        else if (!url.value) errors.add(at('url'), 'field.required');
        else block.url = url.value;
        break;
      }
      case PageBlockKind.RECORD_FIELD:
      case PageBlockKind.CUSTOM_FIELD: {
        block.text = text(errors, at('text'), b.text, MAX_HEADING, false);
        const field = b.field?.trim() ?? '';
        const known =
          b.kind === PageBlockKind.RECORD_FIELD
            ? Object.prototype.hasOwnProperty.call(RECORD_FIELDS[kind], field)
            : customFieldKeys.has(field);
        if (!field) errors.add(at('field'), 'field.required');
        else if (!known) errors.add(at('field'), 'page.unknownField');
        else block.field = field;
        break;
      }
    }
    return block;
  });
  return blocks.sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Blocks copied below the existing ones (a template applied to a page that has content), with new ids. */
export function appendBlocks(existing: readonly PageBlock[], added: readonly PageBlock[]): PageBlock[] {
  const offset = existing.reduce((max, b) => Math.max(max, b.y + b.h), 0);
  const copies = added.map((b) => ({ ...b, id: newBlockId(), y: Math.min(b.y + offset, MAX_ROW) }));
  return [...existing, ...copies];
}
