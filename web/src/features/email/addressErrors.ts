type Translate = (key: string, named: Record<string, unknown>) => string;

/**
 * The error under a list of free addresses (Cc, Bcc): the server reports each bad one at
 * `cc.<index>`; the message names the address, so the user knows which one to fix among several.
 * A message for the whole list (`cc`) shows as it is.
 */
export function addressListError(
  errors: Record<string, string>,
  key: string,
  values: readonly string[],
  t: Translate,
): string | null {
  const messages: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    if (path === key) messages.push(message);
    else if (path.startsWith(`${key}.`)) {
      const address = values[Number(path.slice(key.length + 1))];
      messages.push(address === undefined ? message : t('email.badAddress', { address, reason: message }));
    }
  }
  return messages.length ? messages.join(' ') : null;
}
