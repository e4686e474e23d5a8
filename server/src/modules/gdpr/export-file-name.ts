/** Letters that lose nothing but are not split by NFD into a letter and an accent. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th' };

/** Longest name part of a file name: a name pasted with junk must not make an unwieldy file. */
const MAX_NAME = 60;

/** "Secrétan Aliénor" → "secretan-alienor": ASCII letters, digits and single hyphens only. */
export function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, (c) => LIGATURES[c] ?? '-')
    .replace(/-+/g, '-')
    .slice(0, MAX_NAME)
    .replace(/^-+|-+$/g, '');
}

/**
 * The name (without extension) of a person's GDPR export files, e.g. "rgpd-dupont-jean-2026-11-28":
 * whoever downloads several can tell them apart. Safe in any file system and in a
 * Content-Disposition header. A person without a usable name (an erased one, a name in
 * another script) is named by id.
 */
export function gdprExportFileStem(
  person: { id: string; firstName: string | null; lastName: string | null },
  date: Date,
): string {
  const name = asciiSlug([person.lastName, person.firstName].filter(Boolean).join(' '));
  return `rgpd-${name || person.id}-${date.toISOString().slice(0, 10)}`;
}
