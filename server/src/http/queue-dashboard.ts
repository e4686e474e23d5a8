import { ExpressAdapter } from '@bull-board/express';
import type { AppViewRoute } from '@bull-board/api/typings/app';
import type { RequestHandler, Response } from 'express';
import { type Locale, translate } from '../common/i18n';

/**
 * bull-board's page template links Google Fonts (IBM Plex), with no option to leave them out.
 * Our Content-Security-Policy blocks the stylesheet anyway (a console error on every visit),
 * and we would rather not tell a third party each time an operator opens the dashboard: the
 * link is taken out of the page, which then uses the browser's sans-serif and monospace fonts.
 */
export function withoutThirdPartyFonts(html: string): string {
  return html.replace(/<link\b[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com[^"]*"[^>]*>\s*/gi, '');
}

/** The job dashboard's Express adapter: bull-board's own, its page served without third-party fonts. */
export class QueueDashboardAdapter extends ExpressAdapter {
  override setEntryRoute(routeDef: AppViewRoute): ExpressAdapter {
    // As ExpressAdapter renders it, with the template's output filtered before it is sent.
    const page: RequestHandler = (_req, res, next) => {
      const { name, params } = routeDef.handler({ basePath: this.basePath, uiConfig: this.uiConfig });
      res.render(name, params, (err: Error | null, html?: string) =>
        err ? next(err) : res.send(withoutThirdPartyFonts(html ?? '')),
      );
    };
    this.app[routeDef.method](routeDef.route, page);
    return this;
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page a signed-in person who is not an operator gets at /admin/queues (403): what the
 * dashboard is, why they cannot open it, and a link back to the app. Plain HTML, no script or
 * inline style (the CSP would refuse them), in the request's language.
 */
export function sendDashboardRefusal(res: Response, locale: Locale): void {
  const t = (key: string) => escapeHtml(translate(locale, key));
  res
    .status(403)
    .type('html')
    .send(
      `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${t('queues.forbidden.title')}</title></head>` +
        `<body><main><h1>${t('queues.forbidden.title')}</h1><p>${t('queues.forbidden.body')}</p>` +
        `<p><a href="/">${t('queues.forbidden.home')}</a></p></main></body></html>`,
    );
}
