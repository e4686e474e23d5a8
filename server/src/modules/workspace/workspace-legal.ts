import { requireAdmin } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, notFound } from '../../common/errors';
import { cleanText } from '../validation/contact-data';
import { checkField } from '../validation/field-check';
import { normalizeSiret, normalizeVat } from '../validation/french-ids';
import { WorkspaceEntity } from './workspace.entity';

/** The seller's legal identity printed on quotes, invoices and credit notes. */
export interface LegalIdentity {
  legalName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  siret: string | null;
  vatNumber: string | null;
  legalForm: string | null;
  /** Euros, as a decimal string ("10000.00"). */
  shareCapital: string | null;
  rcsCity: string | null;
}

const TEXT_KEYS = [
  'legalName',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'legalForm',
  'rcsCity',
] as const;

const given = <T extends object>(input: T, key: keyof T) =>
  Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;

/**
 * An amount in euros as people type it ("10 000", "7500,50", "1 000.5") as a decimal string;
 * blank → null; undefined when it is no amount.
 */
export function parseShareCapital(raw: string | null | undefined): string | null | undefined {
  const text = (raw ?? '').replace(/[\s\u00a0\u202f€]/g, '');
  if (!text) return null;
  const m = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(text);
  return m ? `${BigInt(m[1])}.${(m[2] ?? '').padEnd(2, '0')}` : undefined;
}

export function legalIdentityOf(ws: WorkspaceEntity): LegalIdentity {
  return {
    legalName: ws.legalName,
    addressLine1: ws.addressLine1,
    addressLine2: ws.addressLine2,
    postalCode: ws.postalCode,
    city: ws.city,
    country: ws.country,
    siret: ws.siret,
    vatNumber: ws.vatNumber,
    legalForm: ws.legalForm,
    shareCapital: ws.shareCapital,
    rcsCity: ws.rcsCity,
  };
}

export async function getWorkspace(ctx: Ctx): Promise<WorkspaceEntity> {
  const ws = await (await em(ctx)).findOneBy(WorkspaceEntity, { id: ctx.actor.workspaceId });
  if (!ws) throw notFound('Record');
  return ws;
}

/**
 * Admins edit the legal identity. Absent keys stay as they are, null or blank clears; the SIRET
 * is checked like a company's (checksum), the VAT number against its SIREN.
 */
export async function updateLegalIdentity(ctx: Ctx, input: Partial<LegalIdentity>): Promise<WorkspaceEntity> {
  requireAdmin(ctx.actor);
  const current = await getWorkspace(ctx);
  const errors = new FieldErrors();
  const patch: Partial<LegalIdentity> = {};
  for (const key of TEXT_KEYS)
    if (given(input, key)) patch[key] = checkField(errors, ['input', key], cleanText(input[key], { maxLength: 300 }));
  if (given(input, 'siret')) patch.siret = checkField(errors, ['input', 'siret'], normalizeSiret(input.siret));
  if (given(input, 'vatNumber')) {
    const siret = patch.siret !== undefined ? patch.siret : current.siret;
    patch.vatNumber = checkField(
      errors,
      ['input', 'vatNumber'],
      normalizeVat(input.vatNumber, { siren: siret ? siret.slice(0, 9) : null }),
    );
  }
  if (given(input, 'shareCapital')) {
    const capital = parseShareCapital(input.shareCapital);
    if (capital === undefined) errors.add(['input', 'shareCapital'], 'workspace.shareCapital');
    else patch.shareCapital = capital;
  }
  errors.throwIfAny();
  if (Object.keys(patch).length) await (await em(ctx)).update(WorkspaceEntity, { id: current.id }, patch);
  return getWorkspace(ctx);
}
