import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { getWorkspace, legalIdentityOf, updateLegalIdentity } from './workspace-legal';

@ObjectType('WorkspaceLegalIdentity', {
  description: "The agency's legal identity, printed as the seller on quotes, invoices and credit notes.",
})
export class WorkspaceLegalIdentityType {
  @Field(() => String, {
    nullable: true,
    description: 'Registered name (raison sociale); the workspace name is printed when empty.',
  })
  legalName: string | null;
  @Field(() => String, { nullable: true, description: 'Registered office address.' }) addressLine1: string | null;
  @Field(() => String, { nullable: true }) addressLine2: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => String, { nullable: true, description: 'SIRET (14 digits, checked).' }) siret: string | null;
  @Field(() => String, { nullable: true, description: 'The first 9 digits of the SIRET.' }) siren: string | null;
  @Field(() => String, { nullable: true, description: 'Intra-EU VAT number, checked against the SIREN when French.' })
  vatNumber: string | null;
  @Field(() => String, { nullable: true, description: 'E.g. SAS, SARL.' }) legalForm: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Share capital in euros, a decimal string ("10000.00"); the input also takes "10 000" or "7 500,50".',
  })
  shareCapital: string | null;
  @Field(() => String, { nullable: true, description: 'City of the trade register (RCS), optional.' }) rcsCity:
    string | null;
}

/** Absent fields stay as they are; null or blank clears. */
@InputType()
export class WorkspaceLegalIdentityInput {
  @Field(() => String, { nullable: true }) legalName?: string | null;
  @Field(() => String, { nullable: true }) addressLine1?: string | null;
  @Field(() => String, { nullable: true }) addressLine2?: string | null;
  @Field(() => String, { nullable: true }) postalCode?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => String, { nullable: true }) siret?: string | null;
  @Field(() => String, { nullable: true }) vatNumber?: string | null;
  @Field(() => String, { nullable: true }) legalForm?: string | null;
  @Field(() => String, { nullable: true }) shareCapital?: string | null;
  @Field(() => String, { nullable: true }) rcsCity?: string | null;
}

const toType = (identity: ReturnType<typeof legalIdentityOf>): WorkspaceLegalIdentityType => ({
  ...identity,
  siren: identity.siret ? identity.siret.slice(0, 9) : null,
});

@Resolver()
export class WorkspaceResolver {
  @Authorized()
  @Query(() => WorkspaceLegalIdentityType, { description: "The workspace's legal identity (seller on documents)." })
  async workspaceLegalIdentity(@Ctx() gctx: GqlContext): Promise<WorkspaceLegalIdentityType> {
    return toType(legalIdentityOf(await getWorkspace(serviceCtx(gctx))));
  }

  @Authorized('ADMIN')
  @Mutation(() => WorkspaceLegalIdentityType, { description: 'Admins: edits the legal identity printed on documents.' })
  async updateWorkspaceLegalIdentity(
    @Arg('input') input: WorkspaceLegalIdentityInput,
    @Ctx() gctx: GqlContext,
  ): Promise<WorkspaceLegalIdentityType> {
    return toType(legalIdentityOf(await updateLegalIdentity(serviceCtx(gctx), input)));
  }
}
