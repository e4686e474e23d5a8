import { ApiError, errorMessage } from '@/api/graphql';

/**
 * The lines telling why a bulk action was refused, naming each record: the API reports a
 * record's problem under ["ids", index, field] (index in the ids sent) or, acting on every
 * result of a filter, ["matching", id, field] (["ids", index] or ["matching", id] alone when
 * the record as a whole is refused: an erased person), a problem of the
 * chosen value under ["input", field], and ids it cannot find in `missingIds` (NOT_FOUND).
 * `nameOf` names a record by id (its id when the page no longer holds it).
 */
const isId = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function bulkProblems(
  err: unknown,
  ids: readonly string[],
  nameOf: (id: string) => string,
  fieldLabel: (key: string) => string,
): string[] {
  if (!(err instanceof ApiError)) return [errorMessage(err)];
  const lines: string[] = [];
  for (const error of err.errors) {
    const ext = error.extensions ?? {};
    if (ext.code === 'BAD_USER_INPUT' && ext.fields?.length) {
      for (const { path, message } of ext.fields) {
        const [head, index, field] = path.map(String);
        const id =
          head === 'ids' && index !== undefined
            ? ids[Number(index)]
            : head === 'matching' && index !== undefined && index !== 'filter' && (field !== undefined || isId(index))
              ? index
              : undefined;
        if (id !== undefined) lines.push(`${nameOf(id)}${field ? ` (${fieldLabel(field)})` : ''} : ${message}`);
        else if (head === 'input' && index !== undefined) lines.push(`${fieldLabel(index)} : ${message}`);
        else lines.push(message);
      }
    } else if (ext.code === 'NOT_FOUND' && Array.isArray(ext.missingIds)) {
      lines.push(`${error.message} ${(ext.missingIds as string[]).map(nameOf).join(', ')}`);
    } else lines.push(error.message);
  }
  return lines.length ? lines : [errorMessage(err)];
}
