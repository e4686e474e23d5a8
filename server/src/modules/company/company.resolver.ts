import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { consentHistory } from '../consent/consent.service';
import type { SettingOptionEntity } from '../settings/setting-option.entity';
import { SettingOptionType } from '../settings/settings.resolver';
import { UserType, toUserType } from '../user/user.types';
import {
  addBillingAddress,
  deleteBillingAddress,
  setDefaultBillingAddress,
  updateBillingAddress,
} from './billing-address.service';
import { AddressInput, CompanyFieldsInput, CreateCompanyInput, DeletedCompanyContacts } from './company.inputs';
import {
  createCompany,
  deleteCompany,
  getCompany,
  pickCompanies,
  restoreCompany,
  setCompanyActive,
  setMainContact,
  updateCompany,
} from './company.service';
import {
  BillingAddressType,
  CompanyType,
  ConsentEventType,
  ContactType,
  toBillingAddress,
  toCompany,
  toConsentEvent,
  toContact,
} from './company.types';

@Resolver(() => CompanyType)
export class CompanyResolver {
  @Authorized()
  @Query(() => CompanyType, { description: 'A company, inactive ones included; deleted ones with includeDeleted.' })
  async company(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
    @Arg('includeDeleted', { defaultValue: false }) includeDeleted: boolean,
  ): Promise<CompanyType> {
    return toCompany(await getCompany(serviceCtx(gctx), id, { includeDeleted }));
  }

  @Authorized()
  @Query(() => [CompanyType], { description: 'Active companies whose name contains the text, for pickers.' })
  async companyPicker(
    @Ctx() gctx: GqlContext,
    @Arg('query', () => String, { nullable: true }) query?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first?: number,
  ): Promise<CompanyType[]> {
    return (await pickCompanies(serviceCtx(gctx), query, first ?? 20)).map(toCompany);
  }

  @Authorized()
  @Mutation(() => CompanyType, { description: 'New client: the company, its main contact and its billing address.' })
  async createCompany(@Arg('input') input: CreateCompanyInput, @Ctx() gctx: GqlContext): Promise<CompanyType> {
    return toCompany(await createCompany(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => CompanyType)
  async updateCompany(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CompanyFieldsInput,
    @Ctx() gctx: GqlContext,
    @Arg('expectedUpdatedAt', () => Date, {
      nullable: true,
      description:
        'The updatedAt the client loaded: the save is refused (CONFLICT, extensions.currentUpdatedAt) if the record changed since. Omitted: no check.',
    })
    expectedUpdatedAt?: Date | null,
  ): Promise<CompanyType> {
    return toCompany(await updateCompany(serviceCtx(gctx), id, input, { expectedUpdatedAt }));
  }

  @Authorized()
  @Mutation(() => CompanyType)
  async setCompanyActive(
    @Arg('id', () => ID) id: string,
    @Arg('active') active: boolean,
    @Ctx() gctx: GqlContext,
  ): Promise<CompanyType> {
    return toCompany(await setCompanyActive(serviceCtx(gctx), id, active));
  }

  @Authorized()
  @Mutation(() => CompanyType)
  async setMainContact(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('contactId', () => ID) contactId: string,
    @Ctx() gctx: GqlContext,
  ): Promise<CompanyType> {
    return toCompany(await setMainContact(serviceCtx(gctx), companyId, contactId));
  }

  @Authorized()
  @Mutation(() => CompanyType)
  async deleteCompany(
    @Arg('id', () => ID) id: string,
    @Arg('contacts', () => DeletedCompanyContacts) contacts: DeletedCompanyContacts,
    @Ctx() gctx: GqlContext,
    @Arg('moveToCompanyId', () => ID, { nullable: true }) moveToCompanyId?: string,
  ): Promise<CompanyType> {
    return toCompany(await deleteCompany(serviceCtx(gctx), id, contacts, moveToCompanyId));
  }

  @Authorized()
  @Mutation(() => CompanyType)
  async restoreCompany(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<CompanyType> {
    return toCompany(await restoreCompany(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => BillingAddressType)
  async addBillingAddress(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('input') input: AddressInput,
    @Ctx() gctx: GqlContext,
    @Arg('makeDefault', { defaultValue: false }) makeDefault: boolean,
  ): Promise<BillingAddressType> {
    return toBillingAddress(await addBillingAddress(serviceCtx(gctx), companyId, input, makeDefault));
  }

  @Authorized()
  @Mutation(() => BillingAddressType)
  async updateBillingAddress(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: AddressInput,
    @Ctx() gctx: GqlContext,
  ): Promise<BillingAddressType> {
    return toBillingAddress(await updateBillingAddress(serviceCtx(gctx), id, input));
  }

  @Authorized()
  @Mutation(() => BillingAddressType)
  async setDefaultBillingAddress(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
  ): Promise<BillingAddressType> {
    return toBillingAddress(await setDefaultBillingAddress(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => Boolean)
  async deleteBillingAddress(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    return deleteBillingAddress(serviceCtx(gctx), id);
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async companyType(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<SettingOptionType | null> {
    return c.companyTypeId ? gctx.loaders.settingOption.load(c.companyTypeId) : null;
  }

  @FieldResolver(() => [SettingOptionType])
  async languages(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<SettingOptionType[]> {
    const ids = await gctx.loaders.languageIdsByCompany.load(c.id);
    const options = await gctx.loaders.settingOption.loadMany(ids);
    return options.filter((o): o is SettingOptionEntity => !!o && !(o instanceof Error));
  }

  @FieldResolver(() => CompanyType, { nullable: true })
  async parent(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<CompanyType | null> {
    const parent = c.parentId ? await gctx.loaders.company.load(c.parentId) : null;
    return parent && !parent.deletedAt ? toCompany(parent) : null;
  }

  @FieldResolver(() => [CompanyType])
  async subsidiaries(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<CompanyType[]> {
    return (await gctx.loaders.subsidiariesByCompany.load(c.id)).map(toCompany);
  }

  @FieldResolver(() => ContactType, { nullable: true, description: 'The starred contact.' })
  async mainContact(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<ContactType | null> {
    const contact = c.mainContactId ? await gctx.loaders.contact.load(c.mainContactId) : null;
    return contact && !contact.deletedAt ? toContact(contact) : null;
  }

  @FieldResolver(() => [ContactType], { description: 'Live contacts, the main contact first.' })
  async contacts(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<ContactType[]> {
    return (await gctx.loaders.contactsByCompany.load(c.id)).map(toContact);
  }

  @FieldResolver(() => [BillingAddressType], { description: 'The default address first.' })
  async billingAddresses(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<BillingAddressType[]> {
    return (await gctx.loaders.billingAddressesByCompany.load(c.id)).map(toBillingAddress);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async createdBy(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const user = c.createdById ? await gctx.loaders.user.load(c.createdById) : null;
    return user ? toUserType(user) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who deleted the company (while it is deleted).' })
  async deletedBy(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const user = c.deletedById ? await gctx.loaders.user.load(c.deletedById) : null;
    return user ? toUserType(user) : null;
  }

  @FieldResolver(() => CompanyType, {
    nullable: true,
    description: 'The company this deleted one was merged into (a merge cannot be undone: no restore).',
  })
  async mergedInto(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<CompanyType | null> {
    if (!c.deletedAt) return null;
    const keptId = await gctx.loaders.mergedIntoCompany.load(c.id);
    const kept = keptId ? await gctx.loaders.company.load(keptId) : null;
    return kept ? toCompany(kept) : null;
  }

  @FieldResolver(() => [ConsentEventType], { description: 'Opt-in history, newest first.' })
  async consentHistory(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<ConsentEventType[]> {
    return (await consentHistory(serviceCtx(gctx), 'Company', c.id)).map(toConsentEvent);
  }
}
