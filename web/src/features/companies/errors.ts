import { errorMessage, fieldErrors } from '@/api/graphql';

/** A message for a toast: the field problems when there are some, else the error's message. */
export function problemMessage(err: unknown): string {
  const fields = Object.values(fieldErrors(err));
  return fields.length ? fields.join(' ') : errorMessage(err);
}
