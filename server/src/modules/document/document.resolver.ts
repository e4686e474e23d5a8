import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { ContactType, toContact } from '../company/company.types';
import { UserType, toUserType } from '../user/user.types';
import { deleteDocument, listDocuments } from './document.service';
import { DocumentConnection, DocumentType, toDocument } from './document.types';

/** Uploads and downloads go over plain HTTP (/documents); listing and deleting over GraphQL. */
@Resolver(() => DocumentType)
export class DocumentResolver {
  @Authorized()
  @Query(() => DocumentConnection, {
    description: "A company's or a contact's documents, newest first; a company's include its contacts' documents.",
  })
  async documents(
    @Ctx() gctx: GqlContext,
    @Arg('companyId', () => ID, { nullable: true }) companyId?: string,
    @Arg('contactId', () => ID, { nullable: true }) contactId?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const page = await listDocuments(serviceCtx(gctx), { companyId, contactId }, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDocument(e.node) })) };
  }

  @Authorized()
  @Query(() => Float, {
    description:
      'The largest document POST /documents accepts, in bytes (DOCUMENT_MAX_BYTES): clients check a file against it before sending it.',
  })
  documentMaxBytes(@Ctx() gctx: GqlContext): number {
    return gctx.deps.config.DOCUMENT_MAX_BYTES;
  }

  @Authorized()
  @Mutation(() => Boolean)
  async deleteDocument(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    return deleteDocument(serviceCtx(gctx), id);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async uploadedBy(@Root() d: DocumentType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const u = d.uploadedBy ? await gctx.loaders.user.load(d.uploadedBy) : null;
    return u ? toUserType(u) : null;
  }

  @FieldResolver(() => ContactType, {
    nullable: true,
    description: 'The contact the document is on (null for a company document).',
  })
  async contact(@Root() d: DocumentType, @Ctx() gctx: GqlContext): Promise<ContactType | null> {
    const c = d.contactId ? await gctx.loaders.contact.load(d.contactId) : null;
    return c ? toContact(c) : null;
  }
}
