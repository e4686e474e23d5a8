import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType } from 'type-graphql';
import { badField } from './errors';

/** No page is longer than this (PERFORMANCE-NOTES: cap `first` at 100). */
export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number | undefined | null, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw badField(['first'], 'field.pageSize', { max: MAX_PAGE_SIZE });
  return n;
}

/** Keyset cursors: the sort key values of the last row, opaque to clients. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** `field` is the argument the cursor came in, for the error's path (`after`, or `before` paging backwards). */
export function decodeCursor(cursor: string, arity: number, field = 'after'): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // falls through to the error below
  }
  throw badField([field], 'field.cursor');
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a page from rows fetched with limit first + 1 (the extra row only says there is more). */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => unknown[], totalCount: number): Page<T> {
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** A Relay connection type for a node type: XConnection { edges { cursor node } pageInfo totalCount }. */
export function ConnectionType<T extends object>(
  name: string,
  node: ClassType<T>,
  pageInfo: ClassType<PageInfo> = PageInfo,
) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }
  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => pageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return Connection;
}
