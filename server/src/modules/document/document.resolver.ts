import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CompanyType, ContactType, toCompany, toContact } from '../company/company.types';
import { UserType, toUserType } from '../user/user.types';
import { deleteDocument, listDeletedDocuments, listDocuments, restoreDocument } from './document.service';
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
  @Mutation(() => Boolean, {
    description: 'Moves a document to the trash, its file kept (restoreDocument brings it back).',
  })
  async deleteDocument(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    return deleteDocument(serviceCtx(gctx), id);
  }

  @Authorized()
  @Mutation(() => DocumentType, {
    description: 'Brings a deleted document back from the trash (CONFLICT while its company or contact is deleted).',
  })
  async restoreDocument(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<DocumentType> {
    return toDocument(await restoreDocument(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => DocumentConnection, {
    description: 'The trash of documents: the deleted ones, newest deletion first (needs write access).',
  })
  async deletedDocuments(
    @Ctx() gctx: GqlContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const page = await listDeletedDocuments(serviceCtx(gctx), first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDocument(e.node) })) };
  }

  @FieldResolver(() => UserType, { nullable: true })
  async uploadedBy(@Root() d: DocumentType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const u = d.uploadedBy ? await gctx.loaders.user.load(d.uploadedBy) : null;
    return u ? toUserType(u) : null;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who deleted the document (while it is in the trash).',
  })
  async deletedBy(@Root() d: DocumentType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const u = d.deletedById ? await gctx.loaders.user.load(d.deletedById) : null;
    return u ? toUserType(u) : null;
  }

  @FieldResolver(() => CompanyType, {
    nullable: true,
    description: 'The company the document is on (null for a contact document).',
  })
  async company(@Root() d: DocumentType, @Ctx() gctx: GqlContext): Promise<CompanyType | null> {
    const c = d.companyId ? await gctx.loaders.company.load(d.companyId) : null;
    return c ? toCompany(c) : null;
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
