import type { Ctx } from '../../common/context';
import type { Locale } from '../../common/i18n';
import { type CellKind, type ExportColumn, ExportList } from '../export/export-columns';
import { customFieldSqlExpression, fieldLabel } from './custom-field-values';
import { type CustomFieldDefinition, CustomFieldType, RecordKind } from './custom-field.model';
import { customFieldDefinitions } from './custom-field.service';

// Custom fields in exports (issue 9): every field of the list's records is a column, after
// the template's, headed by its label so that the file imports back (an import maps a
// header equal to a field's label). Contact exports also carry the company's fields, as
// they carry its other columns. Values as people read them: choices by label, dates as
// dates, numbers as numbers, yes/no as Oui/Non.

/** A SQL string literal of any text (quotes doubled; backslashes too, in an E'' literal). */
export function sqlLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('NUL in SQL literal');
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** key → label of a choice field, as a jsonb literal. */
function choiceLabels(def: CustomFieldDefinition, locale: Locale): string {
  const labels = Object.fromEntries(def.choices.map((c) => [c.key, fieldLabel(c, locale)]));
  return `${sqlLiteral(JSON.stringify(labels))}::jsonb`;
}

function valueSql(def: CustomFieldDefinition, alias: string, locale: Locale): { sql: string; kind: CellKind } {
  // Checks the key and alias against strict patterns before they are written into SQL.
  const expr = customFieldSqlExpression(def, alias);
  switch (def.type) {
    case CustomFieldType.NUMBER:
    case CustomFieldType.DECIMAL:
      return { sql: `${expr}::text`, kind: 'integer' };
    case CustomFieldType.DATE:
      return { sql: `${expr}::text`, kind: 'date' };
    case CustomFieldType.BOOLEAN:
      return { sql: expr, kind: 'boolean' };
    case CustomFieldType.SINGLE_CHOICE:
      return { sql: `coalesce(${choiceLabels(def, locale)} ->> ${expr}, ${expr})`, kind: 'text' };
    case CustomFieldType.MULTIPLE_CHOICE:
      return {
        sql: `(SELECT string_agg(coalesce(${choiceLabels(def, locale)} ->> x.k, x.k), ', ' ORDER BY x.n)
          FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(${expr}) = 'array' THEN ${expr} END)
            WITH ORDINALITY AS x(k, n))`,
        kind: 'text',
      };
    default:
      return { sql: expr, kind: 'text' };
  }
}

function column(def: CustomFieldDefinition, alias: string, keyPrefix: string, locale: Locale, suffix = false) {
  const { sql, kind } = valueSql(def, alias, locale);
  const label = (l: Locale) => fieldLabel(def, l) + (suffix ? (l === 'fr' ? ' (société)' : ' (company)') : '');
  const out: ExportColumn = {
    key: `${keyPrefix}custom.${def.key}`,
    header: { fr: label('fr'), en: label('en') },
    kind,
    sql,
  };
  return out;
}

/**
 * The export columns of the workspace's custom fields for a list, in the fields' order:
 * the company's for companies; the contact's then the company's for contacts (a company
 * field whose label a contact field also uses is headed "… (société)").
 */
export async function customExportColumns(ctx: Ctx, list: ExportList, locale: Locale): Promise<ExportColumn[]> {
  const companyDefs = await customFieldDefinitions(ctx, RecordKind.COMPANY);
  if (list === ExportList.COMPANIES) return companyDefs.map((d) => column(d, 'c', '', locale));
  const contactDefs = await customFieldDefinitions(ctx, RecordKind.CONTACT);
  const contactLabels = new Set(
    contactDefs.flatMap((d) => [d.labelFr, d.labelEn].filter(Boolean)).map((l) => l!.toLowerCase()),
  );
  return [
    ...contactDefs.map((d) => column(d, 'k', '', locale)),
    ...companyDefs.map((d) => {
      const clash = [d.labelFr, d.labelEn].some((l) => l && contactLabels.has(l.toLowerCase()));
      return column(d, 'c', 'company.', locale, clash);
    }),
  ];
}
