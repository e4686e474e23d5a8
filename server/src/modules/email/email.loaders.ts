import DataLoader from 'dataloader';
import type { Ctx } from '../../common/context';
import type { DocumentEntity } from '../document/document.entity';
import { documentsByIds } from '../document/document.service';
import type { EmailMessageEntity } from './email.entity';
import { emailsByActivityIds } from './email.service';

/** Per-request loaders of the email module (merged into graphql/loaders.ts). */
export function emailLoaders(ctx: () => Ctx) {
  return {
    emailByActivity: new DataLoader<string, EmailMessageEntity | null>((ids) => emailsByActivityIds(ctx(), ids)),
    document: new DataLoader<string, DocumentEntity | null>((ids) => documentsByIds(ctx(), ids)),
  };
}
