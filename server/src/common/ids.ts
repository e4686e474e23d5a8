import { notFound } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An id that is not even a UUID names no record: NOT_FOUND, as for any other unknown id. */
export function checkId(id: string, entity: string): string {
  if (!isUuid(id)) throw notFound(entity);
  return id;
}
