import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { In, IsNull } from 'typeorm';
import sanitize from 'sanitize-filename';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { badField, conflict, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { requireLiveRecord, resolveRecord } from '../activity/record-ref';
import { recordAudit } from '../audit/audit.service';
import { documentStorage } from '../storage/blob-storage';
import { DocumentEntity } from './document.entity';

const MAX_NAME_BYTES = 200;
/** file-type needs at most this many bytes to recognise a format. */
const SNIFF_BYTES = 4100;

/**
 * A name safe to store and to send back in Content-Disposition: no path, no control or
 * reserved characters, whitespace collapsed, at most 200 bytes (extension kept).
 */
export function sanitizeDocumentName(raw: string | null | undefined): string {
  const base = ((raw ?? '').split(/[\\/]/).pop() ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  let stem = ext ? base.slice(0, dot) : base;
  // Bytes, not characters: file systems and headers count bytes. Cut before sanitising so
  // the extension survives (sanitize-filename would cut it off at 255 bytes).
  while (stem && Buffer.byteLength(stem + ext) > MAX_NAME_BYTES) stem = [...stem].slice(0, -1).join('');
  const name = sanitize(stem + ext, { replacement: '_' })
    .replace(/^\.+/, '')
    .trim();
  return /^[_.\s]*$/.test(name) ? 'document' : name;
}

interface FileTypeModule {
  fileTypeFromBuffer(buffer: Uint8Array): Promise<{ ext: string; mime: string } | undefined>;
}
let fileTypeModule: FileTypeModule | undefined;

interface NodeModuleStatics {
  new (id: string): { filename: string; paths: string[]; require(id: string): unknown };
  _nodeModulePaths(dir: string): string[];
}

/**
 * file-type is ESM only. Node loads it with a plain require (require(esm)), but Jest's
 * CommonJS sandbox replaces require and createRequire with its own, which cannot; so this
 * builds a genuine Node module (what createRequire does) and requires through it.
 */
function fileType(): FileTypeModule {
  if (!fileTypeModule) {
    const NodeModule = process.getBuiltinModule('node:module') as unknown as NodeModuleStatics;
    const here = new NodeModule(__filename);
    here.filename = __filename;
    here.paths = NodeModule._nodeModulePaths(path.dirname(__filename));
    fileTypeModule = here.require('file-type') as FileTypeModule;
  }
  return fileTypeModule;
}

/**
 * The type comes from the bytes, never from the name or the browser's claim: a renamed
 * executable is not a PDF. Formats file-type does not know are text when they decode as
 * UTF-8 without NUL bytes, else application/octet-stream.
 */
export async function detectContentType(head: Buffer): Promise<string> {
  const detected = await fileType().fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.length === 0 || head.includes(0)) return 'application/octet-stream';
  try {
    // A multi-byte character cut at the sniff boundary is fine: drop the last 3 bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head.length >= SNIFF_BYTES ? head.subarray(0, -3) : head);
    return 'text/plain';
  } catch {
    return 'application/octet-stream';
  }
}

/** Extensions of programs and scripts a double-click would run (Windows, macOS, Linux, Java, Office macros aside). */
const EXECUTABLE_EXTENSIONS = new Set(
  'exe msi msp msix appx bat cmd com scr pif cpl dll sys ocx drv ps1 psm1 psd1 js jse mjs cjs vbs vbe wsf wsh hta jar sh bash zsh csh ksh command app run elf so dylib apk dex deb rpm dmg pkg lnk reg inf gadget application msc py pyw pl rb php'.split(
    ' ',
  ),
);
/** Detected types of programs: Windows PE, ELF, Mach-O, Java archives, Android, installers. */
const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-ms-installer',
  'application/x-msi',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-executable',
  'application/x-sharedlib',
  'application/java-archive',
  'application/java-vm',
  'application/vnd.android.dex',
  'application/vnd.android.package-archive',
  'application/x-deb',
  'application/x-rpm',
  'application/x-apple-diskimage',
]);

/**
 * Whether a file is a program or a script, from its detected type (file-type knows PE "MZ",
 * ELF, Mach-O, Java archives…), a "#!" interpreter line or its extension: such files are refused, since
 * whoever downloads one could run it.
 */
export function isExecutable(name: string, contentType: string, head: Buffer): boolean {
  if (EXECUTABLE_TYPES.has(contentType)) return true;
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) return true; // #!: a script
  const dot = name.lastIndexOf('.');
  return dot >= 0 && EXECUTABLE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export interface UploadOptions {
  /** True when the multipart parser cut the file at the size limit. */
  truncated?: () => boolean;
}

/** A document limit in megabytes, as people read it (10, 0.5). */
export function megabytesOf(bytes: number): number {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? Math.round(mb * 10) / 10 : Number(mb.toPrecision(2));
}

/** The refusal of a file over DOCUMENT_MAX_BYTES (413 PAYLOAD_TOO_LARGE over HTTP), the limit in MB. */
export const documentTooLarge = (max: number) => badField(['file'], 'document.tooLarge', { max, mb: megabytesOf(max) });

/**
 * Stores an uploaded file on a company or a contact. The bytes are counted, hashed and
 * sniffed while they stream to storage; a file over DOCUMENT_MAX_BYTES is removed again
 * and refused.
 */
export async function createDocument(
  ctx: Ctx,
  record: { companyId?: string | null; contactId?: string | null },
  rawName: string | null | undefined,
  content: Readable,
  opts: UploadOptions = {},
): Promise<DocumentEntity> {
  requireWrite(ctx.actor);
  const ref = await resolveRecord(ctx, record, []);
  const max = ctx.deps.config.DOCUMENT_MAX_BYTES;
  const storage = documentStorage(ctx.deps.config);
  const key = `${ctx.actor.workspaceId}/${randomUUID()}`;
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let tooLarge = false;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        return done(documentTooLarge(max));
      }
      hash.update(chunk);
      if (headLength < SNIFF_BYTES) {
        head.push(chunk.subarray(0, SNIFF_BYTES - headLength));
        headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
      }
      done(null, chunk);
    },
  });
  // The meter may fail before the storage starts reading it: remember why, never let it go unhandled.
  meter.on('error', () => undefined);
  try {
    await storage.put(key, content.pipe(meter)).catch((err) => {
      throw tooLarge ? documentTooLarge(max) : err;
    });
    if (tooLarge || opts.truncated?.()) throw documentTooLarge(max);
    if (size === 0) throw badField(['file'], 'document.empty');
    const name = sanitizeDocumentName(rawName);
    const headBytes = Buffer.concat(head);
    const contentType = await detectContentType(headBytes);
    if (isExecutable(name, contentType, headBytes)) throw badField(['file'], 'document.executable');
    const doc = await (
      await em(ctx)
    ).save(DocumentEntity, {
      workspaceId: ctx.actor.workspaceId,
      companyId: ref.companyId,
      contactId: ref.contactId,
      name,
      contentType,
      size,
      sha256: hash.digest('hex'),
      storageKey: key,
      uploadedBy: ctx.actor.userId,
    });
    await recordAudit(ctx, {
      entityType: 'Document',
      entityId: doc.id,
      action: 'create',
      after: {
        name: doc.name,
        size: doc.size,
        contentType: doc.contentType,
        companyId: doc.companyId,
        contactId: doc.contactId,
      },
    });
    // If the request's transaction rolls back after this, the file must not stay behind.
    return doc;
  } catch (err) {
    // Stop feeding the failed meter and drain the rest, so the request can complete.
    content.unpipe(meter);
    content.resume();
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
}

/** A live document; one in the trash only with includeDeleted (NOT_FOUND otherwise, downloads too). */
export async function getDocument(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<DocumentEntity> {
  const doc = await (
    await em(ctx)
  ).findOneBy(DocumentEntity, {
    id: checkId(id, 'Document'),
    ...(opts.includeDeleted ? {} : { deletedAt: IsNull() }),
  });
  if (!doc) throw notFound('Document');
  return doc;
}

export async function openDocument(ctx: Ctx, doc: DocumentEntity): Promise<Readable> {
  return documentStorage(ctx.deps.config).get(doc.storageKey);
}

/**
 * Moves a document to the trash (`deleted_at` / `deleted_by`, audited): it leaves the lists and
 * the attachment picker and cannot be downloaded until restoreDocument brings it back. Its file
 * stays in storage meanwhile (a GDPR erasure of its contact removes both).
 */
export async function deleteDocument(ctx: Ctx, id: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const doc = await getDocument(ctx, id);
  const deletedAt = new Date();
  await (await em(ctx)).update(DocumentEntity, { id: doc.id }, { deletedAt, deletedBy: ctx.actor.userId });
  await recordAudit(ctx, {
    entityType: 'Document',
    entityId: doc.id,
    action: 'delete',
    before: { deletedAt: null },
    after: { deletedAt: deletedAt.toISOString() },
  });
  return true;
}

/** Brings a document back from the trash (same rights as deleting it); its record must be live. */
export async function restoreDocument(ctx: Ctx, id: string): Promise<DocumentEntity> {
  requireWrite(ctx.actor);
  const doc = await getDocument(ctx, id, { includeDeleted: true });
  if (!doc.deletedAt) throw conflict('trash.notDeleted');
  await requireLiveRecord(ctx, doc);
  await (await em(ctx)).update(DocumentEntity, { id: doc.id }, { deletedAt: null, deletedBy: null });
  await recordAudit(ctx, {
    entityType: 'Document',
    entityId: doc.id,
    action: 'restore',
    before: { deletedAt: doc.deletedAt.toISOString() },
    after: { deletedAt: null },
  });
  return getDocument(ctx, doc.id);
}

/**
 * The trash of documents: the deleted ones of the workspace, newest deletion first, paged by
 * (deleted_at, id) on document_trash_idx. Whoever may restore sees it (write access).
 */
export async function listDeletedDocuments(
  ctx: Ctx,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<DocumentEntity>> {
  requireWrite(ctx.actor);
  const size = checkPageSize(first, 50);
  const manager = await em(ctx);
  const base = () => manager.createQueryBuilder(DocumentEntity, 'd').where('d.deleted_at IS NOT NULL');
  const page = base()
    .orderBy('d.deleted_at', 'DESC')
    .addOrderBy('d.id', 'DESC')
    .take(size + 1);
  if (after) {
    const [deletedAt, lastId] = decodeCursor(after, 2) as [string, string];
    if (!isUuid(lastId) || Number.isNaN(Date.parse(deletedAt))) throw badField(['after'], 'field.cursor');
    page.andWhere('(d.deleted_at, d.id) < (:deletedAt::timestamptz, :lastId::uuid)', { deletedAt, lastId });
  }
  const [rows, totalCount] = await Promise.all([page.getMany(), base().getCount()]);
  return toPage(rows, size, (d) => [(d.deletedAt as Date).toISOString(), d.id], totalCount);
}

/**
 * A record's documents, newest first. A company's include those of its live contacts (the
 * family whose documents an email from the company may attach), in the same two statements:
 * the contacts' ids are an init plan, so both partial indexes still serve the page.
 */
export async function listDocuments(
  ctx: Ctx,
  record: { companyId?: string | null; contactId?: string | null },
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<DocumentEntity>> {
  const size = checkPageSize(first, 50);
  const ref = await resolveRecord(ctx, record, [], { includeDeleted: true });
  const manager = await em(ctx);
  // Documents in the trash are off the list (and its count).
  const base = () =>
    ref.companyId
      ? manager.createQueryBuilder(DocumentEntity, 'd').where(
          `d.deleted_at IS NULL AND (d.company_id = :id OR d.contact_id = ANY(ARRAY(
              SELECT c.id FROM contact c WHERE c.company_id = :id AND c.deleted_at IS NULL)))`,
          { id: ref.companyId },
        )
      : manager
          .createQueryBuilder(DocumentEntity, 'd')
          .where('d.contact_id = :id AND d.deleted_at IS NULL', { id: ref.contactId });
  const page = base()
    .orderBy('d.createdAt', 'DESC')
    .addOrderBy('d.id', 'DESC')
    .take(size + 1);
  if (after) {
    const [createdAt, id] = decodeCursor(after, 2) as [string, string];
    page.andWhere('(d.created_at, d.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
  }
  const [rows, totalCount] = await Promise.all([page.getMany(), base().getCount()]);
  return toPage(rows, size, (d) => [d.createdAt.toISOString(), d.id], totalCount);
}

/** Live documents by id (null for one unknown or in the trash). */
export async function documentsByIds(ctx: Ctx, ids: readonly string[]): Promise<(DocumentEntity | null)[]> {
  const rows = ids.length
    ? await (await em(ctx)).findBy(DocumentEntity, { id: In([...ids]), deletedAt: IsNull() })
    : [];
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}
