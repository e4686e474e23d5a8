import { Router } from 'express';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../app-deps';
import { AppError, ErrorCode } from '../common/errors';
import { localeFromAcceptLanguage, translate } from '../common/i18n';
import { TenantScope } from '../db/tenant-scope';
import { mayDownloadJobFiles } from '../modules/job/job-file-access';
import { getJob } from '../modules/job/job.service';

/**
 * Downloads of job result files: the job as the `job` query sees it, and an export's or a GDPR
 * export's files only for the admin who started it, in a session (`mayDownloadJobFiles`).
 */
export function jobFilesRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/jobs/:jobId/:index', async (req, res, next) => {
    const locale = localeFromAcceptLanguage(req.get('accept-language'));
    const principal = req.principal;
    if (!principal) {
      res.status(401).json({ code: ErrorCode.UNAUTHENTICATED, message: translate(locale, 'error.unauthenticated') });
      return;
    }
    const actor = { ...principal.actor, locale };
    const scope = new TenantScope(deps.dataSource, actor.workspaceId, actor.userId);
    try {
      const job = await getJob({ actor, scope, deps }, String(req.params.jobId));
      if (!mayDownloadJobFiles(actor, job)) {
        res.status(403).json({ code: ErrorCode.FORBIDDEN, message: translate(locale, 'job.filesForbidden') });
        return;
      }
      const file = job.resultFiles[Number(req.params.index)];
      const root = path.resolve(deps.config.STORAGE_DIR);
      const full = file ? path.resolve(root, file.path) : '';
      if (!file || !full.startsWith(root + path.sep) || !existsSync(full)) {
        res.status(404).json({
          code: ErrorCode.NOT_FOUND,
          message: translate(locale, 'error.notFound', { entity: 'entity.Record' }),
        });
        return;
      }
      if (file.expiresAt && Date.parse(file.expiresAt) < Date.now()) {
        res.status(410).json({ code: 'GONE', message: translate(locale, 'error.fileExpired') });
        return;
      }
      res.setHeader('content-type', file.contentType);
      res.attachment(file.name);
      createReadStream(full).pipe(res);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) {
        res.status(404).json({ code: err.code, message: translate(locale, err.messageKey, err.params) });
        return;
      }
      next(err);
    } finally {
      await scope.finish(true);
    }
  });
  return router;
}
