import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class SendEmailInput {
  @Field({
    description:
      'Chosen by the client for this send (a UUID): sending again with the same key returns the first email and sends nothing.',
  })
  idempotencyKey: string;
  @Field(() => ID, { nullable: true, description: 'The record the email is sent from (exactly one).' })
  companyId?: string | null;
  @Field(() => ID, { nullable: true }) contactId?: string | null;
  @Field(() => [ID], { description: 'Contacts of the workspace; the first one fills the contact merge fields.' })
  toContactIds: string[];
  @Field(() => [String], { nullable: true, description: 'Free addresses, not saved as contacts.' })
  cc?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Free addresses, hidden from the other recipients.' })
  bcc?: string[] | null;
  @Field(() => String, { nullable: true, description: "Defaults to the template's." }) subject?: string | null;
  @Field(() => String, { nullable: true, description: "Plain text message; defaults to the template's body." })
  text?: string | null;
  @Field(() => String, { nullable: true, description: 'HTML message; made from the text when omitted.' })
  html?: string | null;
  @Field(() => ID, { nullable: true, description: 'An ACTIVITY_CATEGORY value for the Email activity.' })
  categoryId?: string | null;
  @Field(() => ID, { nullable: true }) templateId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A LANGUAGE value: picks the template in that language.' })
  languageId?: string | null;
  @Field(() => [ID], { nullable: true, description: "Documents of the record (or of its company's family)." })
  attachmentIds?: string[] | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "A quote of the record's company: its PDF is attached and a draft quote becomes SENT. At most one of quoteId and invoiceId.",
  })
  quoteId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "An issued invoice or credit note of the record's company (a draft is refused: CONFLICT): its PDF is attached and its sentAt set.",
  })
  invoiceId?: string | null;
}

@InputType()
export class EmailTemplateInput {
  @Field() name: string;
  @Field(() => ID, { nullable: true, description: 'A LANGUAGE value; none means any language.' })
  languageId?: string | null;
  @Field() subject: string;
  @Field({ description: 'Plain text with {{dynamic.fields}}.' }) body: string;
}
