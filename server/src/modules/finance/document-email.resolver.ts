import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { documentEmailDraft } from './document-email';

@ObjectType('DocumentEmailDraft', {
  description: 'What the e-mail composer starts with on a quote or invoice page (sendEmail with quoteId or invoiceId).',
})
export class DocumentEmailDraftType {
  @Field(() => ID, { nullable: true, description: 'The record to send from: the company when contactId is null.' })
  companyId: string | null;
  @Field(() => ID, { nullable: true, description: "The document's contact, when it is the recipient." })
  contactId: string | null;
  @Field(() => [ID], { description: "The document's contact, else the company's main contact (with an e-mail)." })
  toContactIds: string[];
  @Field({ description: 'E.g. "Facture F-000012 — <the workspace legal name>".' }) subject: string;
  @Field({ description: 'A short message, with {{dynamic.fields}}.' }) text: string;
  @Field({ description: 'The name of the attached PDF, e.g. "Facture F-000012.pdf".' }) attachmentName: string;
}

@Resolver()
export class DocumentEmailResolver {
  @Authorized()
  @Query(() => DocumentEmailDraftType, {
    description: 'The e-mail to send a quote (quoteId) or an invoice or credit note (invoiceId) with its PDF.',
  })
  async documentEmailDraft(
    @Ctx() gctx: GqlContext,
    @Arg('quoteId', () => ID, { nullable: true }) quoteId?: string,
    @Arg('invoiceId', () => ID, { nullable: true }) invoiceId?: string,
  ): Promise<DocumentEmailDraftType> {
    return documentEmailDraft(serviceCtx(gctx), { quoteId, invoiceId });
  }
}
