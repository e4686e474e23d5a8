import busboy from 'busboy';
import { type Request, type Response, Router } from 'express';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../app-deps';
import { AppError, ErrorCode } from '../../common/errors';
import { type Locale, localeFromAcceptLanguage, translate } from '../../common/i18n';
import { TenantScope } from '../../db/tenant-scope';
import { sniffFormat } from '../spreadsheet/sniff';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { recordUpload } from './import.service';
import { buildTemplate } from './template';

const megabytes = (n: number) => `${(n / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;

function sendError(res: Response, locale: Locale, status: number, err: AppError) {
  res.status(status).json({
    code: err.code,
    message: translate(locale, err.messageKey, err.params),
    fields: err.fields.map((f) => ({ path: f.path, message: translate(locale, f.message, f.params ?? {}) })),
  });
}

const fileProblem = (key: string, params: Record<string, string | number> = {}) =>
  new AppError(ErrorCode.BAD_USER_INPUT, key, params, [{ path: ['file'], message: key, params }]);

/**
 * HTTP side of imports (under /files, with the same session or API key as the API):
 * GET  /files/imports/template.xlsx  the template, with the workspace's settings lists;
 * POST /files/imports                multipart upload (field "file"), answered with its id
 *                                    for the previewImport mutation.
 */
export function importFilesRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/imports/template.xlsx', async (req, res, next) => {
    const locale = localeFromAcceptLanguage(req.get('accept-language'));
    const principal = req.principal;
    if (!principal)
      return sendError(res, locale, 401, new AppError(ErrorCode.UNAUTHENTICATED, 'error.unauthenticated'));
    const scope = new TenantScope(deps.dataSource, principal.actor.workspaceId, principal.actor.userId);
    try {
      const buf = await buildTemplate(await scope.manager());
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment('modele-import-clients.xlsx');
      res.send(buf);
    } catch (err) {
      next(err);
    } finally {
      await scope.finish(true);
    }
  });

  router.post('/imports', async (req, res, next) => {
    const locale = localeFromAcceptLanguage(req.get('accept-language'));
    const principal = req.principal;
    if (!principal)
      return sendError(res, locale, 401, new AppError(ErrorCode.UNAUTHENTICATED, 'error.unauthenticated'));
    const actor = { ...principal.actor, locale };
    const max = deps.config.IMPORT_MAX_UPLOAD_BYTES;
    // The size is checked before anything is parsed: first the declared length, then the bytes.
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > max + 64 * 1024) {
      req.resume();
      return sendError(res, locale, 413, fileProblem('import.file.tooLarge', { max: megabytes(max) }));
    }
    let received: { tmp: string; name: string; size: number; truncated: boolean } | null = null;
    try {
      received = await receiveFile(req, max);
      if (!received) return sendError(res, locale, 400, fileProblem('import.file.missing'));
      if (received.truncated)
        return sendError(res, locale, 413, fileProblem('import.file.tooLarge', { max: megabytes(max) }));
      const handle = await open(received.tmp, 'r');
      const head = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      await handle.close();
      const format = sniffFormat(head.subarray(0, bytesRead), received.name);
      const scope = new TenantScope(deps.dataSource, actor.workspaceId, actor.userId);
      try {
        const upload = await recordUpload(
          { actor, scope, deps },
          { tmpFile: received.tmp, fileName: received.name, size: received.size, format },
        );
        await scope.finish(true);
        res.status(201).json({ id: upload.id, fileName: upload.file_name, size: upload.size, format: upload.format });
      } catch (err) {
        await scope.finish(false);
        throw err;
      }
    } catch (err) {
      if (err instanceof SpreadsheetError) return sendError(res, locale, 400, fileProblem(err.key, err.params));
      if (err instanceof AppError) return sendError(res, locale, err.code === ErrorCode.FORBIDDEN ? 403 : 400, err);
      next(err);
    } finally {
      if (received) await rm(received.tmp, { force: true });
    }
  });
  return router;
}

/** Streams the multipart "file" field to a temporary file, stopping at `max` bytes. */
async function receiveFile(
  req: Request,
  max: number,
): Promise<{ tmp: string; name: string; size: number; truncated: boolean } | null> {
  const dir = path.join(os.tmpdir(), 'crm-uploads');
  await mkdir(dir, { recursive: true });
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: max, fields: 5, parts: 10 } });
    } catch {
      resolve(null);
      return;
    }
    let result: Promise<{ tmp: string; name: string; size: number; truncated: boolean }> | null = null;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || result) {
        stream.resume();
        return;
      }
      const tmp = path.join(dir, randomUUID());
      result = new Promise((done, fail) => {
        let size = 0;
        let truncated = false;
        const out = createWriteStream(tmp);
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('limit', () => (truncated = true));
        stream.pipe(out);
        out.on('finish', () => done({ tmp, name: path.basename(info.filename || 'import'), size, truncated }));
        out.on('error', fail);
      });
    });
    bb.on('close', () => (result ? result.then(resolve, reject) : resolve(null)));
    bb.on('error', reject);
    req.pipe(bb);
  });
}
