import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ConsentMethod } from '../consent/consent.model';

const OPT_IN_METHOD = 'How the person gave (or withdrew) consent; only with a change of optIn in the same mutation.';
const OPT_IN_NOTE =
  'Proof of that consent (at most 500 characters), e.g. "signed form at Salon X 2026"; only with a change of optIn.';

/**
 * Company fields as clients send them. On updates an absent field is left as it is and
 * null (or an empty string) clears it.
 */
@InputType()
export class CompanyFieldsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) website?: string | null;
  @Field(() => ID, { nullable: true }) companyTypeId?: string | null;
  @Field(() => String, { nullable: true }) addressLine1?: string | null;
  @Field(() => String, { nullable: true }) addressLine2?: string | null;
  @Field(() => String, { nullable: true }) postalCode?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true, description: 'Defaults to France.' }) country?: string | null;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => String, { nullable: true }) vatNumber?: string | null;
  @Field(() => String, { nullable: true }) accountingAccount?: string | null;
  @Field(() => String, { nullable: true }) siret?: string | null;
  @Field(() => String, { nullable: true }) apeCode?: string | null;
  @Field(() => [ID], { nullable: true }) languageIds?: string[] | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
  @Field(() => Boolean, { nullable: true }) optIn?: boolean | null;
  @Field(() => ConsentMethod, { nullable: true, description: OPT_IN_METHOD }) optInMethod?: ConsentMethod | null;
  @Field(() => String, { nullable: true, description: OPT_IN_NOTE }) optInNote?: string | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Custom field values by key; on updates only the keys given change (null clears).',
  })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class AddressInput {
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => String, { nullable: true }) addressLine1?: string | null;
  @Field(() => String, { nullable: true }) addressLine2?: string | null;
  @Field(() => String, { nullable: true }) postalCode?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) country?: string | null;
}

@InputType()
export class ContactFieldsInput {
  @Field(() => ID, { nullable: true }) civilityId?: string | null;
  @Field(() => String, { nullable: true }) firstName?: string | null;
  @Field(() => String, { nullable: true }) lastName?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) position?: string | null;
  @Field(() => String, { nullable: true }) phoneDirect?: string | null;
  @Field(() => String, { nullable: true }) phoneMobile?: string | null;
  @Field(() => String, { nullable: true }) phoneSwitchboard?: string | null;
  @Field(() => String, { nullable: true }) facebook?: string | null;
  @Field(() => String, { nullable: true }) linkedin?: string | null;
  @Field(() => String, { nullable: true }) twitter?: string | null;
  @Field(() => String, { nullable: true }) instagram?: string | null;
  @Field(() => ID, { nullable: true }) sourceId?: string | null;
  @Field(() => ID, { nullable: true }) potentialId?: string | null;
  @Field(() => ID, { nullable: true }) situationId?: string | null;
  @Field(() => ID, { nullable: true }) progressStateId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Defaults to the user who creates the contact.' })
  salespersonId?: string | null;
  @Field(() => Boolean, { nullable: true }) optIn?: boolean | null;
  @Field(() => ConsentMethod, { nullable: true, description: OPT_IN_METHOD }) optInMethod?: ConsentMethod | null;
  @Field(() => String, { nullable: true, description: OPT_IN_NOTE }) optInNote?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Custom field values by key; on updates only the keys given change (null clears).',
  })
  customFields?: Record<string, unknown> | null;
}

@InputType()
export class CreateCompanyInput extends CompanyFieldsInput {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Use the main address as the default billing address (the default when no billing address is given).',
  })
  useAsBillingAddress?: boolean | null;
  @Field(() => AddressInput, { nullable: true }) billingAddress?: AddressInput | null;
  @Field(() => ContactFieldsInput, {
    description: 'The main contact, created in the same step: first name, last name, email and direct phone required.',
  })
  mainContact: ContactFieldsInput;
}

@InputType()
export class NewCompanyInput extends CompanyFieldsInput {}

@InputType()
export class CreateContactInput extends ContactFieldsInput {
  @Field(() => ID, { nullable: true, description: 'An existing active company; or give newCompany.' })
  companyId?: string | null;
  @Field(() => NewCompanyInput, { nullable: true, description: 'A company created in the same step.' })
  newCompany?: NewCompanyInput | null;
}

@InputType()
export class UpdateContactInput extends ContactFieldsInput {
  @Field(() => ID, { nullable: true, description: 'Moves the contact to another company.' })
  companyId?: string | null;
}

export enum DeletedCompanyContacts {
  DELETE = 'DELETE',
  MOVE = 'MOVE',
}
registerEnumType(DeletedCompanyContacts, {
  name: 'DeletedCompanyContacts',
  description: 'What happens to the contacts of a deleted company: deleted with it (and restored with it), or moved.',
});
