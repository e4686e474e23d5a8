import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { recordAudit } from '../audit/audit.service';
import { BillingAddressEntity } from './billing-address.entity';
import type { AddressInput } from './company.inputs';
import { getCompany } from './company.service';
import { BILLING_ADDRESS_AUDITED_FIELDS, billingAddressPatch } from './record-fields';

const AUDITED = [...BILLING_ADDRESS_AUDITED_FIELDS];

async function getAddress(ctx: Ctx, id: string): Promise<BillingAddressEntity> {
  const address = await (await em(ctx)).findOneBy(BillingAddressEntity, { id: checkId(id, 'BillingAddress') });
  if (!address) throw notFound('BillingAddress');
  await getCompany(ctx, address.companyId);
  return address;
}

/** Adds a billing address; the first one of a company, or one asked for, becomes the default. */
export async function addBillingAddress(
  ctx: Ctx,
  companyId: string,
  input: AddressInput,
  makeDefault = false,
): Promise<BillingAddressEntity> {
  requireWrite(ctx.actor);
  const company = await getCompany(ctx, companyId);
  const errors = new FieldErrors();
  const patch = billingAddressPatch(input, errors, ['input'], true);
  errors.throwIfAny();
  const manager = await em(ctx);
  const hasDefault = (await manager.countBy(BillingAddressEntity, { companyId: company.id, isDefault: true })) > 0;
  const isDefault = makeDefault || !hasDefault;
  if (isDefault && hasDefault)
    await manager.update(BillingAddressEntity, { companyId: company.id, isDefault: true }, { isDefault: false });
  const address = await manager.save(BillingAddressEntity, {
    ...patch,
    workspaceId: ctx.actor.workspaceId,
    companyId: company.id,
    isDefault,
  });
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: company.id,
    action: 'billingAddress.add',
    after: { ...address },
    fields: AUDITED,
  });
  return address;
}

export async function updateBillingAddress(ctx: Ctx, id: string, input: AddressInput): Promise<BillingAddressEntity> {
  requireWrite(ctx.actor);
  const current = await getAddress(ctx, id);
  const errors = new FieldErrors();
  const patch = billingAddressPatch(input, errors, ['input'], false, current);
  errors.throwIfAny();
  const manager = await em(ctx);
  if (Object.keys(patch).length) await manager.update(BillingAddressEntity, { id }, patch);
  const updated = await manager.findOneByOrFail(BillingAddressEntity, { id });
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: current.companyId,
    action: 'billingAddress.update',
    before: { ...current },
    after: { ...updated },
    fields: AUDITED,
  });
  return updated;
}

/** The € control: this address becomes the one new quotes and invoices use. */
export async function setDefaultBillingAddress(ctx: Ctx, id: string): Promise<BillingAddressEntity> {
  requireWrite(ctx.actor);
  const address = await getAddress(ctx, id);
  if (address.isDefault) return address;
  const manager = await em(ctx);
  // Unset first: the partial unique index allows one default per company at any moment.
  await manager.update(BillingAddressEntity, { companyId: address.companyId, isDefault: true }, { isDefault: false });
  await manager.update(BillingAddressEntity, { id }, { isDefault: true });
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: address.companyId,
    action: 'billingAddress.setDefault',
    after: { billingAddressId: id },
  });
  return { ...address, isDefault: true };
}

/** The default address cannot be deleted: another must be made default first. */
export async function deleteBillingAddress(ctx: Ctx, id: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const address = await getAddress(ctx, id);
  if (address.isDefault) throw badField(['id'], 'billing.defaultNotDeletable');
  await (await em(ctx)).delete(BillingAddressEntity, { id });
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: address.companyId,
    action: 'billingAddress.delete',
    before: { ...address },
    fields: AUDITED,
  });
  return true;
}

export async function billingAddressesByCompanyIds(
  ctx: Ctx,
  companyIds: readonly string[],
): Promise<BillingAddressEntity[][]> {
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(BillingAddressEntity, 'b')
    .where('b.company_id IN (:...ids)', { ids: [...companyIds] })
    .orderBy('b.is_default', 'DESC')
    .addOrderBy('b.created_at', 'ASC')
    .addOrderBy('b.id', 'ASC')
    .getMany();
  return companyIds.map((id) => rows.filter((r) => r.companyId === id));
}
