import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CreateContactInput, UpdateContactInput } from '../company/company.inputs';
import {
  CompanyType,
  ConsentEventType,
  ContactType,
  toCompany,
  toConsentEvent,
  toContact,
} from '../company/company.types';
import { consentHistory } from '../consent/consent.service';
import { SettingOptionType } from '../settings/settings.resolver';
import { UserType, toUserType } from '../user/user.types';
import {
  createContact,
  deleteContact,
  getContact,
  restoreContact,
  setContactActive,
  updateContact,
} from './contact.service';

@Resolver(() => ContactType)
export class ContactResolver {
  @Authorized()
  @Query(() => ContactType)
  async contact(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
    @Arg('includeDeleted', { defaultValue: false }) includeDeleted: boolean,
  ): Promise<ContactType> {
    return toContact(await getContact(serviceCtx(gctx), id, { includeDeleted }));
  }

  @Authorized()
  @Mutation(() => ContactType, { description: 'New contact, in an existing company or with a new one.' })
  async createContact(@Arg('input') input: CreateContactInput, @Ctx() gctx: GqlContext): Promise<ContactType> {
    return toContact(await createContact(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => ContactType)
  async updateContact(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateContactInput,
    @Ctx() gctx: GqlContext,
    @Arg('expectedUpdatedAt', () => Date, {
      nullable: true,
      description:
        'The updatedAt the client loaded: the save is refused (CONFLICT, extensions.currentUpdatedAt) if the record changed since. Omitted: no check.',
    })
    expectedUpdatedAt?: Date | null,
  ): Promise<ContactType> {
    return toContact(await updateContact(serviceCtx(gctx), id, input, { expectedUpdatedAt }));
  }

  @Authorized()
  @Mutation(() => ContactType)
  async setContactActive(
    @Arg('id', () => ID) id: string,
    @Arg('active') active: boolean,
    @Ctx() gctx: GqlContext,
  ): Promise<ContactType> {
    return toContact(await setContactActive(serviceCtx(gctx), id, active));
  }

  @Authorized()
  @Mutation(() => ContactType)
  async deleteContact(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ContactType> {
    return toContact(await deleteContact(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => ContactType)
  async restoreContact(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ContactType> {
    return toContact(await restoreContact(serviceCtx(gctx), id));
  }

  @FieldResolver(() => CompanyType)
  async company(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<CompanyType> {
    const company = await gctx.loaders.company.load(c.companyId);
    if (!company) throw new Error(`contact ${c.id} has no company`);
    return toCompany(company);
  }

  @FieldResolver(() => Boolean, { description: "Whether this is its company's main contact." })
  async isMain(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<boolean> {
    const company = await gctx.loaders.company.load(c.companyId);
    return company?.mainContactId === c.id;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Commercial relationship: the salesperson.' })
  async salesperson(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const user = c.salespersonId ? await gctx.loaders.user.load(c.salespersonId) : null;
    return user ? toUserType(user) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who deleted the contact (while it is deleted).' })
  async deletedBy(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const user = c.deletedById ? await gctx.loaders.user.load(c.deletedById) : null;
    return user ? toUserType(user) : null;
  }

  @FieldResolver(() => ContactType, {
    nullable: true,
    description: 'The contact this deleted one was merged into (a merge cannot be undone: no restore).',
  })
  async mergedInto(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<ContactType | null> {
    if (!c.deletedAt) return null;
    const keptId = await gctx.loaders.mergedIntoContact.load(c.id);
    const kept = keptId ? await gctx.loaders.contact.load(keptId) : null;
    return kept ? toContact(kept) : null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When the person was erased (GDPR): the record is then anonymised, and read-only.',
  })
  async erasedAt(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<Date | null> {
    return gctx.loaders.contactErasedAt.load(c.id);
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async civility(@Root() c: ContactType, @Ctx() gctx: GqlContext) {
    return c.civilityId ? gctx.loaders.settingOption.load(c.civilityId) : null;
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async source(@Root() c: ContactType, @Ctx() gctx: GqlContext) {
    return c.sourceId ? gctx.loaders.settingOption.load(c.sourceId) : null;
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async potential(@Root() c: ContactType, @Ctx() gctx: GqlContext) {
    return c.potentialId ? gctx.loaders.settingOption.load(c.potentialId) : null;
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async situation(@Root() c: ContactType, @Ctx() gctx: GqlContext) {
    return c.situationId ? gctx.loaders.settingOption.load(c.situationId) : null;
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async progressState(@Root() c: ContactType, @Ctx() gctx: GqlContext) {
    return c.progressStateId ? gctx.loaders.settingOption.load(c.progressStateId) : null;
  }

  @FieldResolver(() => [ConsentEventType], { description: 'Opt-in history, newest first.' })
  async consentHistory(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<ConsentEventType[]> {
    return (await consentHistory(serviceCtx(gctx), 'Contact', c.id)).map(toConsentEvent);
  }
}
