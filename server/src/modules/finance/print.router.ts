import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { AppError, ErrorCode } from '../../common/errors';
import { localeFromAcceptLanguage, translate } from '../../common/i18n';
import { TenantScope } from '../../db/tenant-scope';
import { invoicePdf, quotePdf } from './pdf';
import { printInvoice, printQuote } from './print';

/**
 * GET /print/quotes/:id and /print/invoices/:id: the printable HTML of a document, for the
 * signed-in user (session cookie) or an API key (read-only ones too). The workspace
 * transaction's row-level security makes another workspace's document a plain 404.
 * GET /print/quotes/:id/pdf and /print/invoices/:id/pdf: the same document as a PDF file
 * ("Facture F-000012.pdf"), under the same rules.
 */
export function financePrintRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/:kind/:id{/:format}', async (req, res, next) => {
    const locale = localeFromAcceptLanguage(req.get('accept-language'));
    const principal = req.principal;
    const kind = req.params.kind;
    const format = req.params.format;
    if (kind !== 'quotes' && kind !== 'invoices') return next();
    if (format !== undefined && format !== 'pdf') return next();
    if (!principal) {
      res.status(401).type('text/plain').send(translate(locale, 'error.unauthenticated'));
      return;
    }
    const actor = { ...principal.actor, locale };
    const scope = new TenantScope(deps.dataSource, actor.workspaceId, actor.userId);
    try {
      const ctx = { actor, scope, deps };
      if (format === 'pdf') {
        const pdf = kind === 'quotes' ? await quotePdf(ctx, req.params.id) : await invoicePdf(ctx, req.params.id);
        res.setHeader('cache-control', 'private, no-store');
        res.setHeader('x-content-type-options', 'nosniff');
        res.attachment(pdf.fileName);
        res.type('application/pdf').send(pdf.content);
        return;
      }
      const html = kind === 'quotes' ? await printQuote(ctx, req.params.id) : await printInvoice(ctx, req.params.id);
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
      );
      res.type('text/html').send(html);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) {
        res
          .status(404)
          .type('text/plain')
          .send(translate(locale, err.messageKey, err.params));
        return;
      }
      next(err);
    } finally {
      await scope.finish(false);
    }
  });
  return router;
}
