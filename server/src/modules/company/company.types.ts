import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { formatPhoneNational } from '../validation/contact-data';
import type { BillingAddressEntity } from './billing-address.entity';
import type { CompanyEntity } from './company.entity';
import type { ContactEntity } from '../contact/contact.entity';
import type { ConsentEventEntity } from '../consent/consent.entity';
import { ConsentMethod } from '../consent/consent.model';

@ObjectType('Phone', {
  description: 'A phone number: stored in E.164, shown in national format, with the input as typed.',
})
export class PhoneType {
  @Field() e164: string;
  @Field() national: string;
  @Field(() => String, { nullable: true }) raw: string | null;
}

export function toPhone(e164: string | null, raw: string | null): PhoneType | null {
  if (!e164) return null;
  return { e164, national: formatPhoneNational(e164), raw };
}

@ObjectType('BillingAddress')
export class BillingAddressType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) label: string | null;
  @Field(() => String, { nullable: true }) addressLine1: string | null;
  @Field(() => String, { nullable: true }) addressLine2: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field() country: string;
  @Field({ description: 'Used by new quotes and invoices; cannot be deleted.' }) isDefault: boolean;
  companyId: string;
}

export const toBillingAddress = (b: BillingAddressEntity): BillingAddressType => ({
  id: b.id,
  label: b.label,
  addressLine1: b.addressLine1,
  addressLine2: b.addressLine2,
  postalCode: b.postalCode,
  city: b.city,
  country: b.country,
  isDefault: b.isDefault,
  companyId: b.companyId,
});

@ObjectType('ConsentEvent', { description: 'Opt-in given or withdrawn: when, by whom, from which source, how.' })
export class ConsentEventType {
  @Field() optIn: boolean;
  @Field({ description: 'user, import, or an emailing provider' }) source: string;
  @Field(() => ConsentMethod, { nullable: true, description: 'How the person gave it, when the user said so.' })
  method: ConsentMethod | null;
  @Field(() => String, { nullable: true, description: 'Proof reference the user noted.' }) note: string | null;
  @Field() createdAt: Date;
  actorUserId: string | null;
}

export const toConsentEvent = (e: ConsentEventEntity): ConsentEventType => ({
  optIn: e.optIn,
  source: e.source,
  method: e.method,
  note: e.note,
  createdAt: e.createdAt,
  actorUserId: e.actorUserId,
});

@ObjectType('Company', { description: 'A client company ("société cliente").' })
export class CompanyType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) website: string | null;
  @Field(() => String, { nullable: true }) addressLine1: string | null;
  @Field(() => String, { nullable: true }) addressLine2: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field() country: string;
  @Field(() => String, { nullable: true }) vatNumber: string | null;
  @Field(() => String, { nullable: true }) accountingAccount: string | null;
  @Field(() => String, { nullable: true }) siret: string | null;
  @Field(() => String, { nullable: true }) siren: string | null;
  @Field(() => String, { nullable: true, description: 'APE/NAF code, stored as 62.01Z.' }) apeCode: string | null;
  @Field() active: boolean;
  @Field() optIn: boolean;
  @Field(() => GraphQLJSONObject) customFields: Record<string, unknown>;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set when the company is deleted (it can be restored).' })
  deletedAt: Date | null;
  companyTypeId: string | null;
  parentId: string | null;
  mainContactId: string | null;
  createdById: string | null;
  deletedById: string | null;
}

export const toCompany = (c: CompanyEntity): CompanyType => ({
  id: c.id,
  name: c.name,
  website: c.website,
  addressLine1: c.addressLine1,
  addressLine2: c.addressLine2,
  postalCode: c.postalCode,
  city: c.city,
  country: c.country,
  vatNumber: c.vatNumber,
  accountingAccount: c.accountingAccount,
  siret: c.siret,
  siren: c.siren,
  apeCode: c.apeCode,
  active: c.active,
  optIn: c.optIn,
  customFields: c.customFields,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  deletedAt: c.deletedAt,
  companyTypeId: c.companyTypeId,
  parentId: c.parentId,
  mainContactId: c.mainContactId,
  createdById: c.createdBy,
  deletedById: c.deletedBy,
});

@ObjectType('Contact', { description: 'A person at a client company.' })
export class ContactType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) firstName: string | null;
  @Field(() => String, { nullable: true }) lastName: string | null;
  @Field({ description: 'First and last name.' }) fullName: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) position: string | null;
  @Field(() => PhoneType, { nullable: true }) phoneDirect: PhoneType | null;
  @Field(() => PhoneType, { nullable: true }) phoneMobile: PhoneType | null;
  @Field(() => PhoneType, { nullable: true }) phoneSwitchboard: PhoneType | null;
  @Field(() => String, { nullable: true }) facebook: string | null;
  @Field(() => String, { nullable: true }) linkedin: string | null;
  @Field(() => String, { nullable: true }) twitter: string | null;
  @Field(() => String, { nullable: true }) instagram: string | null;
  @Field() optIn: boolean;
  @Field(() => Date, { nullable: true }) optInAt: Date | null;
  @Field(() => String, { nullable: true }) optInSource: string | null;
  @Field() active: boolean;
  @Field(() => GraphQLJSONObject) customFields: Record<string, unknown>;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set when the contact is deleted (it can be restored).' })
  deletedAt: Date | null;
  deletedById: string | null;
  companyId: string;
  civilityId: string | null;
  sourceId: string | null;
  potentialId: string | null;
  situationId: string | null;
  progressStateId: string | null;
  salespersonId: string | null;
}

export const toContact = (c: ContactEntity): ContactType => ({
  id: c.id,
  firstName: c.firstName,
  lastName: c.lastName,
  fullName: [c.firstName, c.lastName].filter(Boolean).join(' '),
  email: c.email,
  position: c.position,
  phoneDirect: toPhone(c.phoneDirect, c.phoneDirectRaw),
  phoneMobile: toPhone(c.phoneMobile, c.phoneMobileRaw),
  phoneSwitchboard: toPhone(c.phoneSwitchboard, c.phoneSwitchboardRaw),
  facebook: c.facebook,
  linkedin: c.linkedin,
  twitter: c.twitter,
  instagram: c.instagram,
  optIn: c.optIn,
  optInAt: c.optInAt,
  optInSource: c.optInSource,
  active: c.active,
  customFields: c.customFields,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  deletedAt: c.deletedAt,
  deletedById: c.deletedBy,
  companyId: c.companyId,
  civilityId: c.civilityId,
  sourceId: c.sourceId,
  potentialId: c.potentialId,
  situationId: c.situationId,
  progressStateId: c.progressStateId,
  salespersonId: c.salespersonId,
});
