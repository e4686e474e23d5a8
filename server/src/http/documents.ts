import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { Ctx } from '../common/context';
import { AppError, ErrorCode, badField } from '../common/errors';
import { type Locale, localeFromAcceptLanguage, translate } from '../common/i18n';
import { TenantScope } from '../db/tenant-scope';
import { createDocument, documentTooLarge, getDocument, openDocument } from '../modules/document/document.service';
import { toDocument } from '../modules/document/document.types';
import { refuseDeclaredOver } from './body-limits';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
};

/**
 * The same error body as GraphQL's: code, translated message, field paths. A file over the
 * limit is 413 PAYLOAD_TOO_LARGE with the limit (maxBytes, maxMegabytes) for the client to word.
 */
function sendError(res: Response, locale: Locale, err: AppError): void {
  const tooLarge = err.fields.find((f) => f.message === 'document.tooLarge');
  res.status(tooLarge ? 413 : (STATUS[err.code] ?? 400)).json({
    code: tooLarge ? 'PAYLOAD_TOO_LARGE' : err.code,
    message: tooLarge
      ? translate(locale, tooLarge.message, tooLarge.params)
      : translate(locale, err.messageKey, err.params),
    fields: err.fields.map((f) => ({ path: f.path.map(String), message: translate(locale, f.message, f.params) })),
    ...(tooLarge ? { maxBytes: tooLarge.params?.max, maxMegabytes: tooLarge.params?.mb } : {}),
  });
}

/**
 * Runs fn in a workspace transaction as the request's principal (session cookie or API
 * key, like /graphql): committed when it succeeds, AppErrors answered as JSON.
 */
async function asPrincipal(deps: AppDeps, req: Request, res: Response, fn: (ctx: Ctx) => Promise<void>): Promise<void> {
  const locale = localeFromAcceptLanguage(req.get('accept-language'));
  const principal = req.principal;
  if (!principal) {
    req.resume();
    sendError(res, locale, new AppError(ErrorCode.UNAUTHENTICATED, 'error.unauthenticated'));
    return;
  }
  const actor = { ...principal.actor, locale };
  const scope = new TenantScope(deps.dataSource, actor.workspaceId, actor.userId);
  try {
    await fn({ actor, scope, deps });
    await scope.finish(true);
  } catch (err) {
    await scope.finish(false);
    if (err instanceof AppError) return sendError(res, locale, err);
    throw err;
  }
}

/** POST /documents (multipart: companyId or contactId, then file) and GET /documents/:id. */
export function documentsRouter(deps: AppDeps): Router {
  const router = Router();

  // A multipart body is the file plus a few fields and boundaries: far over the limit is refused unread.
  const max = deps.config.DOCUMENT_MAX_BYTES;
  const refuse = (req: Request, res: Response) =>
    sendError(res, localeFromAcceptLanguage(req.get('accept-language')), documentTooLarge(max));
  router.post('/', refuseDeclaredOver(max + 64 * 1024, refuse), async (req, res, next) => {
    try {
      await asPrincipal(deps, req, res, async (ctx) => {
        if (!req.is('multipart/form-data')) throw badField(['file'], 'document.multipart');
        const fields: Record<string, string> = {};
        const parser = busboy({
          headers: req.headers,
          // Browsers send file names in UTF-8.
          defParamCharset: 'utf8',
          // One byte over the limit is enough for the service to know the file is too large.
          limits: { files: 1, fields: 10, fileSize: deps.config.DOCUMENT_MAX_BYTES + 1 },
        });
        let upload: ReturnType<typeof createDocument> | null = null;
        parser.on('field', (name, value) => {
          fields[name] = value;
        });
        parser.on('file', (_name, file, info) => {
          // The record fields come before the file in the form (the web client sends them so).
          upload = createDocument(
            ctx,
            { companyId: fields.companyId || null, contactId: fields.contactId || null },
            info.filename,
            file,
            { truncated: () => file.truncated === true },
          );
          upload.catch(() => file.resume());
        });
        await new Promise<void>((resolve, reject) => {
          parser.on('close', resolve);
          parser.on('error', reject);
          req.pipe(parser);
        });
        if (!upload) throw badField(['file'], 'document.fileRequired');
        const doc = await (upload as ReturnType<typeof createDocument>);
        ctx.scope.afterCommit(() => {
          res.status(201).json(toDocument(doc));
        });
      });
    } catch (err) {
      next(err);
    }
  });

  router.get('/:id', async (req, res, next) => {
    try {
      await asPrincipal(deps, req, res, async (ctx) => {
        const doc = await getDocument(ctx, String(req.params.id));
        const stream = await openDocument(ctx, doc);
        // attachment() guesses a type from the name: the detected one is set after it.
        res.attachment(doc.name);
        res.setHeader('content-type', doc.contentType);
        res.setHeader('content-length', String(doc.size));
        res.setHeader('x-content-type-options', 'nosniff');
        stream.on('error', (err) => res.destroy(err));
        stream.pipe(res);
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
