import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import type { DocumentEntity } from './document.entity';

@ObjectType('Document', { description: 'A file on a company or a contact.' })
export class DocumentType {
  @Field(() => ID) id: string;
  @Field({ description: 'Sanitised file name.' }) name: string;
  @Field({ description: 'Detected from the content, not from the name.' }) contentType: string;
  @Field(() => Int, { description: 'Bytes.' }) size: number;
  @Field() createdAt: Date;
  @Field({ description: 'GET it with the session cookie or an API key (not while it is in the trash).' })
  downloadUrl: string;
  @Field(() => Date, { nullable: true, description: 'Set while the document is in the trash (it can be restored).' })
  deletedAt: Date | null;
  /** Who deleted it: the deletedBy field. */
  deletedById: string | null;
  companyId: string | null;
  contactId: string | null;
  uploadedBy: string | null;
}

export const toDocument = (d: DocumentEntity): DocumentType => ({
  id: d.id,
  name: d.name,
  contentType: d.contentType,
  size: d.size,
  createdAt: d.createdAt,
  downloadUrl: `/documents/${d.id}`,
  companyId: d.companyId,
  contactId: d.contactId,
  uploadedBy: d.uploadedBy,
  deletedAt: d.deletedAt,
  deletedById: d.deletedBy,
});

export const DocumentConnection = ConnectionType('Document', DocumentType);
