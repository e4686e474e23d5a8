import { type Ctx, em } from '../../common/context';
import type { FieldErrors } from '../../common/errors';
import { cleanText } from '../validation/contact-data';
import { checkField } from '../validation/field-check';
import { ConsentEventEntity } from './consent.entity';
import { CONSENT_NOTE_MAX_LENGTH, ConsentMethod } from './consent.model';

type Path = (string | number)[];

/** How a consent change was given and its proof reference; both optional. */
export interface ConsentProof {
  method?: ConsentMethod | null;
  note?: string | null;
}

const METHODS = new Set<string>(Object.values(ConsentMethod));

/**
 * Reads `optInMethod` / `optInNote` of a company or contact input. GraphQL already restricts
 * the method to the enum; services and jobs calling this with plain strings get the same
 * rule, reported on the field's path.
 */
export function consentProofInput(
  input: { optInMethod?: ConsentMethod | null; optInNote?: string | null },
  errors: FieldErrors,
  path: Path,
): ConsentProof {
  const proof: ConsentProof = {};
  if (input.optInMethod !== undefined && input.optInMethod !== null) {
    if (METHODS.has(input.optInMethod)) proof.method = input.optInMethod;
    else errors.add([...path, 'optInMethod'], 'field.invalid');
  }
  proof.note = checkField(
    errors,
    [...path, 'optInNote'],
    cleanText(input.optInNote, { maxLength: CONSENT_NOTE_MAX_LENGTH }),
  );
  return proof;
}

/**
 * A method or note describes the consent event the same mutation records. Without an opt-in
 * change there is no event to attach them to, and dropping them silently would let a user
 * believe a proof was kept.
 */
export function requireConsentChange(proof: ConsentProof, changes: boolean, errors: FieldErrors, path: Path): void {
  if (changes) return;
  if (proof.method) errors.add([...path, 'optInMethod'], 'consent.proofWithoutChange');
  if (proof.note) errors.add([...path, 'optInNote'], 'consent.proofWithoutChange');
}

/**
 * Appends a consent change. `source` says where it came from: 'user', 'import', a provider
 * name…; `proof` how the person gave it, when the user said so.
 */
export async function recordConsent(
  ctx: Ctx,
  subjectType: 'Company' | 'Contact',
  subjectId: string,
  optIn: boolean,
  source = 'user',
  proof: ConsentProof = {},
): Promise<void> {
  await (
    await em(ctx)
  ).insert(ConsentEventEntity, {
    workspaceId: ctx.actor.workspaceId,
    subjectType,
    subjectId,
    optIn,
    source,
    method: proof.method ?? null,
    note: proof.note ?? null,
    actorUserId: ctx.actor.userId,
  });
}

export async function consentHistory(
  ctx: Ctx,
  subjectType: 'Company' | 'Contact',
  subjectId: string,
): Promise<ConsentEventEntity[]> {
  return (await em(ctx)).find(ConsentEventEntity, {
    where: { subjectType, subjectId },
    // By date: a merge brings another record's older events in with later ids.
    order: { createdAt: 'DESC', id: 'DESC' },
  });
}
