/** A piece of a mail's plain-text body: text, or an http(s) address to show as a link. */
export type BodyPart = { text: string; href?: string };

// An address ends before a space, a quote or an angle bracket; closing punctuation after it
// (a full stop, a comma, a closing parenthesis) belongs to the sentence, not to the link.
const URL_RE = /https?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** Splits a plain-text body so its http(s) addresses can be clickable (no HTML is interpreted). */
export function bodyParts(text: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    const url = m[0].replace(TRAILING, '');
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
