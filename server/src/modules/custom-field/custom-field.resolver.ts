import { GraphQLJSON } from 'graphql-scalars';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import type { Locale } from '../../common/i18n';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CompanyType, ContactType } from '../company/company.types';
import { displayCustomValue, fieldLabel } from './custom-field-values';
import type { CustomFieldEntity } from './custom-field.entity';
import { type CustomFieldDefinition, CustomFieldType, RecordKind } from './custom-field.model';
import {
  CustomFieldConversion,
  createCustomField,
  customFieldDefinitions,
  deleteCustomField,
  reorderCustomFields,
  toDefinition,
  updateCustomField,
} from './custom-field.service';

registerEnumType(CustomFieldConversion, {
  name: 'CustomFieldConversion',
  description: 'What happens to stored values when a field changes type or loses choices in use.',
  valuesConfig: {
    REFUSE: { description: 'Refuse with the number of records concerned (CONFLICT, extensions.usageCount).' },
    CONVERT: { description: 'Convert every value; refuse if one does not convert.' },
    CONVERT_OR_CLEAR: { description: 'Convert what converts, clear the other values.' },
  },
});

@ObjectType('CustomFieldChoice')
export class CustomFieldChoiceType {
  @Field({ description: 'Stable: the stored value.' }) key: string;
  @Field() labelFr: string;
  @Field(() => String, { nullable: true }) labelEn: string | null;
  @Field({ description: "In the request's language." }) label: string;
}

@ObjectType('CustomField', { description: 'An admin-defined field of companies or contacts.' })
export class CustomFieldObject {
  @Field(() => ID) id: string;
  @Field(() => RecordKind) recordKind: RecordKind;
  @Field({ description: 'Key of the value in customFields; never changes.' }) key: string;
  @Field() labelFr: string;
  @Field(() => String, { nullable: true }) labelEn: string | null;
  @Field({ description: "In the request's language." }) label: string;
  @Field(() => CustomFieldType) type: CustomFieldType;
  @Field() required: boolean;
  @Field(() => [CustomFieldChoiceType]) choices: CustomFieldChoiceType[];
  @Field(() => Int) position: number;
}

export function toCustomFieldType(d: CustomFieldDefinition, locale: Locale): CustomFieldObject {
  return {
    ...d,
    label: fieldLabel(d, locale),
    choices: d.choices.map((c) => ({ ...c, label: fieldLabel(c, locale) })),
  };
}

@ObjectType('CustomFieldValue', { description: "A record's value for one custom field (null when it has none)." })
export class CustomFieldValueType {
  @Field() key: string;
  @Field() label: string;
  @Field(() => CustomFieldType) type: CustomFieldType;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Stored form: string, number, boolean, YYYY-MM-DD, choice key or list of keys.',
  })
  value: unknown;
  @Field(() => String, { nullable: true, description: 'As people read it, in the request language.' })
  display: string | null;
  @Field(() => CustomFieldObject) field: CustomFieldObject;
}

@InputType()
export class CustomFieldChoiceInput {
  @Field(() => String, { nullable: true, description: 'Keep the key of an existing choice; derived when absent.' })
  key?: string | null;
  @Field() labelFr: string;
  @Field(() => String, { nullable: true }) labelEn?: string | null;
}

@InputType()
export class CreateCustomFieldInput {
  @Field(() => RecordKind) recordKind: RecordKind;
  @Field(() => String, { nullable: true, description: 'Derived from labelFr when absent; cannot change later.' })
  key?: string | null;
  @Field() labelFr: string;
  @Field(() => String, { nullable: true }) labelEn?: string | null;
  @Field(() => CustomFieldType) type: CustomFieldType;
  @Field(() => Boolean, { nullable: true }) required?: boolean | null;
  @Field(() => [CustomFieldChoiceInput], { nullable: true }) choices?: CustomFieldChoiceInput[] | null;
  @Field(() => Int, { nullable: true }) position?: number | null;
}

@InputType({ description: 'Only the fields given change. choices is the whole new list.' })
export class UpdateCustomFieldInput {
  @Field(() => String, { nullable: true }) labelFr?: string | null;
  @Field(() => String, { nullable: true }) labelEn?: string | null;
  @Field(() => CustomFieldType, { nullable: true }) type?: CustomFieldType | null;
  @Field(() => Boolean, { nullable: true }) required?: boolean | null;
  @Field(() => [CustomFieldChoiceInput], { nullable: true }) choices?: CustomFieldChoiceInput[] | null;
  @Field(() => Int, { nullable: true }) position?: number | null;
}

/** Every defined field with the record's value, in display order. */
async function valuesOf(
  gctx: GqlContext,
  kind: RecordKind,
  stored: Record<string, unknown>,
): Promise<CustomFieldValueType[]> {
  const defs = await customFieldDefinitions(serviceCtx(gctx), kind);
  return defs.map((d) => {
    const value = stored?.[d.key] ?? null;
    return {
      key: d.key,
      label: fieldLabel(d, gctx.locale),
      type: d.type,
      value,
      display: displayCustomValue(d, value, gctx.locale),
      field: toCustomFieldType(d, gctx.locale),
    };
  });
}

@Resolver(() => CustomFieldObject)
export class CustomFieldResolver {
  @Authorized()
  @Query(() => [CustomFieldObject], { description: 'The custom fields of companies or contacts, in display order.' })
  async customFields(
    @Arg('recordKind', () => RecordKind) recordKind: RecordKind,
    @Ctx() gctx: GqlContext,
  ): Promise<CustomFieldObject[]> {
    return (await customFieldDefinitions(serviceCtx(gctx), recordKind)).map((d) => toCustomFieldType(d, gctx.locale));
  }

  @Authorized('ADMIN')
  @Mutation(() => CustomFieldObject)
  async createCustomField(
    @Arg('input') input: CreateCustomFieldInput,
    @Ctx() gctx: GqlContext,
  ): Promise<CustomFieldObject> {
    return this.out(await createCustomField(serviceCtx(gctx), input), gctx);
  }

  @Authorized('ADMIN')
  @Mutation(() => CustomFieldObject, {
    description: 'A type change or removing choices in use needs a conversion (else CONFLICT with the count).',
  })
  async updateCustomField(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateCustomFieldInput,
    @Ctx() gctx: GqlContext,
    @Arg('conversion', () => CustomFieldConversion, { defaultValue: CustomFieldConversion.REFUSE })
    conversion: CustomFieldConversion,
  ): Promise<CustomFieldObject> {
    return this.out(await updateCustomField(serviceCtx(gctx), id, input, conversion), gctx);
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, {
    description: 'Refused (CONFLICT with the count) when records have a value, unless clearValues.',
  })
  async deleteCustomField(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
    @Arg('clearValues', { defaultValue: false }) clearValues: boolean,
  ): Promise<boolean> {
    await deleteCustomField(serviceCtx(gctx), id, clearValues);
    return true;
  }

  @Authorized('ADMIN')
  @Mutation(() => [CustomFieldObject], { description: 'These fields first, in this order; returns the whole list.' })
  async reorderCustomFields(
    @Arg('recordKind', () => RecordKind) recordKind: RecordKind,
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() gctx: GqlContext,
  ): Promise<CustomFieldObject[]> {
    return (await reorderCustomFields(serviceCtx(gctx), recordKind, ids)).map((d) => toCustomFieldType(d, gctx.locale));
  }

  private out(f: CustomFieldEntity, gctx: GqlContext): CustomFieldObject {
    return toCustomFieldType(toDefinition(f), gctx.locale);
  }
}

@Resolver(() => CompanyType)
export class CompanyCustomFieldsResolver {
  @FieldResolver(() => [CustomFieldValueType], { description: 'Every custom field with its value, in display order.' })
  async customFieldValues(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<CustomFieldValueType[]> {
    return valuesOf(gctx, RecordKind.COMPANY, c.customFields);
  }
}

@Resolver(() => ContactType)
export class ContactCustomFieldsResolver {
  @FieldResolver(() => [CustomFieldValueType], { description: 'Every custom field with its value, in display order.' })
  async customFieldValues(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<CustomFieldValueType[]> {
    return valuesOf(gctx, RecordKind.CONTACT, c.customFields);
  }
}
