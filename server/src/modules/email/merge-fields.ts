import type { FieldErrors } from '../../common/errors';
import type { Locale } from '../../common/i18n';

type Path = (string | number)[];

/** The values a message can merge, for one recipient. */
export interface MergeContext {
  contact: {
    civility: string | null;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    position: string | null;
  } | null;
  companyName: string | null;
  salesperson: { name: string; email: string } | null;
  sender: { name: string; email: string } | null;
}

interface MergeField {
  key: string;
  label: Record<Locale, string>;
  value(ctx: MergeContext): string | null | undefined;
}

const fullName = (c: MergeContext['contact']) => [c?.firstName, c?.lastName].filter(Boolean).join(' ') || null;

/** Every dynamic field, written {{key}} in a subject or a message (the composer's menu lists them). */
export const MERGE_FIELDS: MergeField[] = [
  {
    key: 'contact.civility',
    label: { fr: 'Civilité du contact', en: 'Contact civility' },
    value: (c) => c.contact?.civility,
  },
  {
    key: 'contact.firstName',
    label: { fr: 'Prénom du contact', en: 'Contact first name' },
    value: (c) => c.contact?.firstName,
  },
  {
    key: 'contact.lastName',
    label: { fr: 'Nom du contact', en: 'Contact last name' },
    value: (c) => c.contact?.lastName,
  },
  {
    key: 'contact.fullName',
    label: { fr: 'Prénom et nom du contact', en: 'Contact full name' },
    value: (c) => fullName(c.contact),
  },
  { key: 'contact.email', label: { fr: 'Email du contact', en: 'Contact email' }, value: (c) => c.contact?.email },
  {
    key: 'contact.position',
    label: { fr: 'Poste du contact', en: 'Contact position' },
    value: (c) => c.contact?.position,
  },
  { key: 'company.name', label: { fr: 'Nom de la société', en: 'Company name' }, value: (c) => c.companyName },
  {
    key: 'salesperson.name',
    label: { fr: 'Nom du commercial', en: 'Salesperson name' },
    value: (c) => c.salesperson?.name,
  },
  {
    key: 'salesperson.email',
    label: { fr: 'Email du commercial', en: 'Salesperson email' },
    value: (c) => c.salesperson?.email,
  },
  { key: 'sender.name', label: { fr: "Nom de l'expéditeur", en: 'Sender name' }, value: (c) => c.sender?.name },
  { key: 'sender.email', label: { fr: "Email de l'expéditeur", en: 'Sender email' }, value: (c) => c.sender?.email },
];

const BY_KEY = new Map(MERGE_FIELDS.map((f) => [f.key, f]));
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The unknown field names used in a text (none when every {{…}} is known). */
export function unknownMergeFields(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((key) => !BY_KEY.has(key));
}

/**
 * Adds a problem at path naming the unknown fields of a text (each once), so that one answer
 * reports the subject's and the body's together.
 */
export function checkMergeFields(text: string | null | undefined, path: Path, errors: FieldErrors): void {
  const unknown = [...new Set(unknownMergeFields(text ?? ''))].map((key) => `{{${key}}}`);
  if (unknown.length === 1) errors.add(path, 'email.unknownMergeField', { field: unknown[0] });
  else if (unknown.length > 1) errors.add(path, 'email.unknownMergeFields', { fields: unknown.join(', ') });
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Replaces every {{field}}; a field without a value becomes empty. Values are escaped in HTML. */
export function mergeText(text: string, ctx: MergeContext, opts: { html: boolean }): string {
  return text.replace(PLACEHOLDER, (_, key: string) => {
    const value = BY_KEY.get(key)?.value(ctx) ?? '';
    return opts.html ? escapeHtml(value) : value;
  });
}
