import type { PageBlockFieldsFragment, PageBlockInput, PageBlockKind, RecordKind } from '@/gql/graphql';

/** The grid of custom pages: the same bounds the API checks. */
export const GRID_COLUMNS = 12;
export const MAX_HEIGHT = 20;
export const MAX_ROW = 500;

/** A block being edited: what the API returns, fieldLabel/display only known once saved. */
export type EditableBlock = PageBlockFieldsFragment;

/** The record fields a dynamic block can show (the API's list). */
export const RECORD_FIELDS: Record<RecordKind, string[]> = {
  COMPANY: [
    'name',
    'website',
    'companyType',
    'addressLine1',
    'addressLine2',
    'postalCode',
    'city',
    'country',
    'vatNumber',
    'accountingAccount',
    'siret',
    'siren',
    'apeCode',
    'mainContact',
    'active',
    'optIn',
  ],
  CONTACT: [
    'fullName',
    'firstName',
    'lastName',
    'civility',
    'email',
    'position',
    'phoneDirect',
    'phoneMobile',
    'phoneSwitchboard',
    'company',
    'salesperson',
    'situation',
    'progressState',
    'source',
    'potential',
    'linkedin',
    'active',
    'optIn',
  ],
};

export const BLOCK_KINDS: PageBlockKind[] = ['HEADING', 'TEXT', 'IMAGE', 'LINK', 'RECORD_FIELD', 'CUSTOM_FIELD'];

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(Math.round(n), min), max);

/** Keeps a block inside the grid: width first, then the column so that it fits. */
export function clampBlock(block: EditableBlock): EditableBlock {
  const w = clamp(block.w, 1, GRID_COLUMNS);
  return {
    ...block,
    w,
    x: clamp(block.x, 0, GRID_COLUMNS - w),
    y: clamp(block.y, 0, MAX_ROW),
    h: clamp(block.h, 1, MAX_HEIGHT),
  };
}

let counter = 0;

/** A new block of this kind below the others, sized for its content. */
export function newBlock(kind: PageBlockKind, existing: readonly EditableBlock[]): EditableBlock {
  const y = existing.reduce((max, b) => Math.max(max, b.y + b.h), 0);
  const size: Record<PageBlockKind, [number, number]> = {
    HEADING: [12, 1],
    TEXT: [6, 2],
    IMAGE: [4, 3],
    LINK: [4, 1],
    RECORD_FIELD: [4, 1],
    CUSTOM_FIELD: [4, 1],
  };
  const [w, h] = size[kind];
  counter += 1;
  return {
    id: `n${Date.now().toString(36)}${counter}`,
    kind,
    x: 0,
    y,
    w,
    h,
    text: null,
    url: null,
    field: null,
    fieldLabel: null,
    display: null,
  };
}

/** What the API takes back: the block without its computed fields. */
export function toBlockInput(b: EditableBlock): PageBlockInput {
  return { id: b.id, kind: b.kind, x: b.x, y: b.y, w: b.w, h: b.h, text: b.text, url: b.url, field: b.field };
}

/** A block's problems by input (text, url, field), as the API named them on a save. */
export type BlockErrors = Record<string, Record<string, string>>;

/**
 * The API's field problems of a save (`fieldErrors` form: "blocks.2.url") by block id, the
 * blocks being those sent in that order: by id, so that each stays on its block when blocks
 * are removed before the next save. `others` are the problems on no block (the name…).
 */
export function blockErrors(
  errors: Record<string, string>,
  sentIds: readonly string[],
): { byBlock: BlockErrors; others: string[] } {
  const byBlock: BlockErrors = {};
  const others: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const m = /^blocks\.(\d+)\.(\w+)/.exec(path);
    const id = m ? sentIds[Number(m[1])] : undefined;
    if (m?.[2] && id !== undefined) (byBlock[id] ??= {})[m[2]] ??= message;
    else others.push(message);
  }
  return { byBlock, others };
}
