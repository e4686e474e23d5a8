import type { EntityManager } from 'typeorm';
import type { Ctx } from '../../common/context';
import type { Locale } from '../../common/i18n';
import {
  type CustomMappingKey,
  type FieldKey,
  type MappedField,
  customKeyOf,
  headerKey,
  isCustomMappingKey,
} from '../import/fields';
import type { HeaderInfo } from '../import/parse-file';
import type { RowPlan } from '../import/planner';
import type { NormalizedRow, RowProblem } from '../import/row-normalize';
import { cellText, parseDateCell } from '../import/row-normalize';
import type { CellValue } from '../spreadsheet/read-rows';
import { normalizeCustomValue, type StoredValue } from './custom-field-values';
import { type CustomFieldDefinition, CustomFieldType, RecordKind } from './custom-field.model';
import { customFieldDefinitions, type StoredValues } from './custom-field.service';

// Custom fields in spreadsheet imports (issue 9): a column whose header is a custom field's
// French or English label (or its key), compared as the import compares every header
// (headerKey: case, accents, punctuation and spacing ignored), fills that field. Values are
// checked by the field's type (normalizeCustomValue, the forms' rules); a bad value rejects
// the row with a problem naming the field. Kept apart from the import pipeline, which calls
// it at three points: once it knows the header, before planning a batch, after writing it.
//
// Rules: the template's own columns keep their headers (a custom field never takes a column
// the import already maps); a company field fills the row's company, a contact field its
// contact (ignored on rows without a contact); a companies import fills company fields only;
// blank cells leave values as they are; records that existed before the import are left
// alone when "update existing" is off. Required fields follow the API's rule: a row that
// creates a company (or a contact, in either import) without a value for a required field
// of that kind is rejected (creationProblems, called by the planner); an update never
// clears a value, so it never breaks the rule.
//
// A column can also be mapped by hand to `custom.<key>` (the preview's mapping selector):
// a company field, or when importing contacts a contact field (the contact's first when both
// kinds have that key). Given a mapping, the header matching stands aside: the mapping says
// which columns fill which field, and an "ignored" column stays ignored. The mapping the
// preview settles names the header-matched columns too, so the job reads the same columns.

type Side = 'company' | 'contact';

interface CustomColumn {
  index: number;
  side: Side;
  def: CustomFieldDefinition;
}

interface RowValues {
  company: StoredValues;
  contact: StoredValues;
}

/** A problem with a custom field: reported under its label (RowProblem's `field` is the template's). */
export interface CustomRowProblem extends RowProblem {
  label: string;
  labelEn?: string | null;
}

/** Why a hand mapping to a custom field is refused. */
export type CustomMappingRefusal = { reason: 'unknown' } | { reason: 'side'; def: CustomFieldDefinition };

/** Custom values to merge into records, planned for one batch. */
export type PlannedWrites = { side: Side; id: string; values: StoredValues }[];

const TABLE: Record<Side, 'company' | 'contact'> = { company: 'company', contact: 'contact' };

/** The field a header names among these definitions, or null. */
export function customFieldOfHeader(
  defs: readonly CustomFieldDefinition[],
  header: string,
): CustomFieldDefinition | null {
  const wanted = headerKey(header);
  if (!wanted) return null;
  return (
    defs.find(
      (d) =>
        headerKey(d.labelFr) === wanted ||
        (d.labelEn && headerKey(d.labelEn) === wanted) ||
        headerKey(d.key) === wanted,
    ) ?? null
  );
}

/** The kinds of custom fields an import fills: a contact import fills the contact's first, then its company's. */
const sidesOf = (target: 'COMPANIES' | 'CONTACTS'): Side[] =>
  target === 'CONTACTS' ? ['contact', 'company'] : ['company'];

/** A cell as the value rules take it: dates from Excel serials, numbers kept as numbers. */
function cellInput(def: CustomFieldDefinition, cell: CellValue): unknown {
  if (def.type === CustomFieldType.DATE && (typeof cell === 'number' || cell instanceof Date)) {
    const r = parseDateCell(cell);
    return r.ok ? r.value : cellText(cell);
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return cellText(cell);
}

export class CustomFieldImport {
  private columns: CustomColumn[] = [];
  private readonly values = new Map<number, RowValues>();
  /** Values known per record id: read once, then as this import left them. */
  private readonly known = new Map<string, StoredValues>();
  private pending: PlannedWrites = [];

  private constructor(
    private readonly defs: Record<Side, CustomFieldDefinition[]>,
    private readonly updateExisting: boolean,
  ) {}

  /** The workspace's company and contact fields (two small reads, cached for the request). */
  static async load(ctx: Ctx, opts: { updateExisting?: boolean } = {}): Promise<CustomFieldImport> {
    const [company, contact] = await Promise.all([
      customFieldDefinitions(ctx, RecordKind.COMPANY),
      customFieldDefinitions(ctx, RecordKind.CONTACT),
    ]);
    return new CustomFieldImport({ company, contact }, opts.updateExisting !== false);
  }

  /**
   * The field a hand mapping `custom.<key>` names for this target: a company field, or when
   * importing contacts a contact field (looked up first); else why it is refused.
   */
  mappedField(
    field: CustomMappingKey,
    target: 'COMPANIES' | 'CONTACTS',
  ): { side: Side; def: CustomFieldDefinition } | CustomMappingRefusal {
    const key = customKeyOf(field);
    for (const side of sidesOf(target)) {
      const def = this.defs[side].find((d) => d.key === key);
      if (def) return { side, def };
    }
    const other = this.defs.contact.find((d) => d.key === key);
    return other ? { reason: 'side', def: other } : { reason: 'unknown' };
  }

  /**
   * The headers that name a custom field of this target (headerKey of its labels and key):
   * the parsing child counts them as known columns when it looks for the header row.
   */
  headerKeys(target: 'COMPANIES' | 'CONTACTS'): string[] {
    const keys = sidesOf(target).flatMap((side) =>
      this.defs[side].flatMap((d) => [d.labelFr, d.labelEn ?? '', d.key].map(headerKey)),
    );
    return [...new Set(keys.filter(Boolean))];
  }

  /** The columns of date fields (their numbers are Excel date serials: the report writes them as dates). */
  dateColumns(): number[] {
    return this.columns.filter((c) => c.def.type === CustomFieldType.DATE).map((c) => c.index);
  }

  /**
   * The required fields of this target no column fills (settled by setHeader): every record
   * of that kind the import creates lacks them, so its row is rejected (creationProblems).
   */
  missingRequired(target: 'COMPANIES' | 'CONTACTS'): CustomFieldDefinition[] {
    return sidesOf(target).flatMap((side) =>
      this.defs[side].filter((d) => d.required && !this.columns.some((c) => c.side === side && c.def === d)),
    );
  }

  /**
   * The API's rule for required custom fields, on the records a row creates: every required
   * field of that kind must have a value in the row (a company field for a new company, a
   * contact field for a new contact), else the row is rejected with `field.required` on
   * `custom.<key>`. Updates need nothing: a blank cell leaves the stored value as it is.
   */
  creationProblems(row: NormalizedRow, creating: { company: boolean; contact: boolean }): CustomRowProblem[] {
    const values = this.values.get(row.rowNo);
    const problems: CustomRowProblem[] = [];
    for (const side of ['company', 'contact'] as const) {
      if (!creating[side]) continue;
      for (const def of this.defs[side]) {
        if (!def.required || values?.[side][def.key] !== undefined) continue;
        // A value given but refused already has its problem.
        if (row.problems.some((p) => p.field === `custom.${def.key}`)) continue;
        problems.push(customProblem(def, 'field.required'));
      }
    }
    return problems;
  }

  /**
   * Settles the custom-field columns. With `mapping` (the user's, or the one a preview
   * settled): the `custom.<key>` columns it names, nothing else. Without: the columns the
   * template does not map whose header is a custom field's label. Either way the header's
   * mapping then names them (`custom.<key>`), so the preview shows, and keeps, what the job does.
   */
  setHeader(
    header: HeaderInfo,
    target: 'COMPANIES' | 'CONTACTS',
    mapping: readonly (MappedField | null)[] | null = null,
  ): void {
    this.columns = [];
    if (mapping) {
      mapping.forEach((field, index) => {
        if (index >= header.headers.length || !isCustomMappingKey(field)) return;
        const found = this.mappedField(field, target);
        // A field deleted since the preview: its column is skipped.
        if (!('reason' in found)) this.columns.push({ index, ...found });
      });
    } else {
      const used = new Set<string>();
      header.headers.forEach((text, index) => {
        if (!text || header.mapping[index]) return;
        for (const side of sidesOf(target)) {
          const def = customFieldOfHeader(this.defs[side], text);
          if (def && !used.has(`${side}.${def.key}`)) {
            used.add(`${side}.${def.key}`);
            this.columns.push({ index, side, def });
            return;
          }
        }
      });
    }
    for (const c of this.columns) header.mapping[c.index] = `custom.${c.def.key}`;
    // A column mapped to a field is not "unknown" any more (the preview lists those).
    header.unknownColumns = header.unknownColumns.filter((u) => !header.mapping[u.index]);
  }

  /** Checks each row's custom cells: values kept for later, problems added to the row (which rejects it). */
  checkRows(rows: NormalizedRow[]): void {
    if (!this.columns.length) return;
    for (const row of rows) {
      const values: RowValues = { company: {}, contact: {} };
      for (const { index, side, def } of this.columns) {
        const cell = row.cells[index] ?? null;
        const r = normalizeCustomValue(def, cellInput(def, cell));
        if (!r.ok) row.problems.push(customProblem(def, r.reason, r.params));
        else if (r.value !== null) values[side][def.key] = r.value as StoredValue;
      }
      if (Object.keys(values.company).length || Object.keys(values.contact).length) this.values.set(row.rowNo, values);
    }
  }

  /**
   * After planning a batch: the custom values each planned row changes become changes of
   * the plan ("company.custom.<key>"), an otherwise unchanged row becomes an update, and
   * the writes are kept for `write` (after the batch's records exist).
   */
  async plan(manager: EntityManager, plans: RowPlan[]): Promise<void> {
    const targets: { plan: RowPlan; side: Side; id: string; isNew: boolean; values: StoredValues }[] = [];
    for (const plan of plans) {
      const values = this.values.get(plan.rowNo);
      this.values.delete(plan.rowNo);
      if (!values || plan.status === 'ERROR') continue;
      for (const side of ['company', 'contact'] as const) {
        const ref = plan[side];
        if (!ref || !Object.keys(values[side]).length) continue;
        if (!ref.isNew && !this.updateExisting) continue;
        targets.push({ plan, side, id: ref.id, isNew: ref.isNew, values: values[side] });
      }
    }
    for (const side of ['company', 'contact'] as const) {
      const unknown = [
        ...new Set(targets.filter((t) => t.side === side && !t.isNew && !this.known.has(t.id)).map((t) => t.id)),
      ];
      if (!unknown.length) continue;
      const rows: { id: string; custom_fields: StoredValues }[] = await manager.query(
        `SELECT id, custom_fields FROM ${TABLE[side]} WHERE id = ANY($1::uuid[])`,
        [unknown],
      );
      for (const r of rows) this.known.set(r.id, r.custom_fields ?? {});
    }
    for (const t of targets) {
      const current = this.known.get(t.id) ?? {};
      const changed = Object.keys(t.values).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(t.values[k]));
      if (!changed.length) continue;
      this.known.set(t.id, { ...current, ...t.values });
      this.pending.push({ side: t.side, id: t.id, values: t.values });
      for (const k of changed) t.plan.changes.push(`${t.side}.custom.${k}`);
      if (t.plan.status === 'UNCHANGED') t.plan.status = 'UPDATE';
    }
  }

  /** The writes planned so far, handed over (the next batch can be planned before they run). */
  takePlanned(): PlannedWrites {
    const pending = this.pending;
    this.pending = [];
    return pending;
  }

  /**
   * Writes what takePlanned handed over (merged into the records' custom_fields): one
   * statement per table. The values from before go to the import's undo log, like the other
   * fields' (the first "before" of a record wins; a record the import created keeps none),
   * and the record's updated_at moves, so undo can tell a later edit.
   */
  async writePlanned(
    manager: EntityManager,
    pending: PlannedWrites,
    undoLog: { workspaceId: string; jobId: string },
  ): Promise<void> {
    for (const side of ['company', 'contact'] as const) {
      const merged = new Map<string, StoredValues>();
      for (const p of pending.filter((x) => x.side === side)) merged.set(p.id, { ...merged.get(p.id), ...p.values });
      if (!merged.size) continue;
      await manager.query(
        `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::jsonb[]) AS v(id, vals)),
         old AS (SELECT t.id, t.custom_fields FROM ${TABLE[side]} t JOIN v ON v.id = t.id),
         updated AS (
           UPDATE ${TABLE[side]} t SET custom_fields = t.custom_fields || v.vals, updated_at = now()
             FROM v WHERE t.id = v.id RETURNING t.id)
         INSERT INTO import_record (workspace_id, job_id, entity_type, entity_id, action, before, written_at)
         SELECT $3, $4, $5, old.id, 'update', jsonb_build_object('custom_fields', old.custom_fields), now()
           FROM old JOIN updated ON updated.id = old.id
         ON CONFLICT (job_id, entity_type, entity_id) DO UPDATE SET written_at = excluded.written_at,
           before = CASE WHEN import_record.action = 'create' THEN NULL
                         ELSE excluded.before || coalesce(import_record.before, '{}'::jsonb) END`,
        [
          [...merged.keys()],
          [...merged.values()].map((v) => JSON.stringify(v)),
          undoLog.workspaceId,
          undoLog.jobId,
          side === 'company' ? 'Company' : 'Contact',
        ],
      );
    }
  }
}

/** A problem with a custom field's value, reported under its label. */
function customProblem(
  def: CustomFieldDefinition,
  key: string,
  params?: Record<string, string | number>,
): CustomRowProblem {
  return {
    field: `custom.${def.key}` as FieldKey,
    label: def.labelFr,
    labelEn: def.labelEn,
    key,
    ...(params ? { params } : {}),
  };
}

/** The label of a problem's column: a custom field's (in this language), else null (the template's own). */
export function customProblemLabel(p: RowProblem, locale: Locale = 'fr'): string | null {
  const c = p as Partial<CustomRowProblem>;
  return (locale === 'en' && c.labelEn) || c.label || null;
}
