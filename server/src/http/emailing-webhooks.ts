import express, { type Request, type Response, Router } from 'express';
import type { AppDeps } from '../app-deps';
import { type WebhookDelivery, receiveWebhook } from '../modules/emailing/webhook.service';

/** The secrets a delivery may carry: query token, Bearer token, or Basic password. */
function tokensOf(req: Request): string[] {
  const tokens: string[] = [];
  if (typeof req.query.token === 'string') tokens.push(req.query.token);
  const auth = req.get('authorization') ?? '';
  if (/^bearer /i.test(auth)) tokens.push(auth.slice(7).trim());
  if (/^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    tokens.push(decoded.slice(decoded.indexOf(':') + 1));
  }
  return tokens;
}

/**
 * `POST /webhooks/emailing/:provider/:connectionId`: real-time events from emailing providers.
 * The body is read raw (JSON with ids beyond 2^53, or form-encoded) and parsed by the adapter.
 * `GET` on the same address answers 200 when the token is right (Mailchimp checks it that way).
 */
export function emailingWebhookRouter(deps: AppDeps): Router {
  const router = Router();
  // The request log must not keep the secret: it is read from req.query, the logged URL is redacted.
  router.use((req, _res, next) => {
    req.originalUrl = req.originalUrl.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
    next();
  });
  const handle = async (req: Request, res: Response, rawBody: string | null) => {
    const delivery: WebhookDelivery = {
      providerSlug: String(req.params.provider),
      connectionId: String(req.params.connectionId),
      tokens: tokensOf(req),
      contentType: req.get('content-type') ?? '',
      rawBody,
    };
    const answer = await receiveWebhook(deps, delivery);
    if (answer.status !== 200)
      res.status(answer.status).json({ error: answer.status === 404 ? 'Not found' : 'Unauthorized' });
    else res.status(200).json(answer.outcome ?? { ok: true });
  };
  router.get('/:provider/:connectionId', (req, res, next) => {
    handle(req, res, null).catch(next);
  });
  router.post('/:provider/:connectionId', express.text({ type: () => true, limit: '2mb' }), (req, res, next) => {
    handle(req, res, typeof req.body === 'string' ? req.body : '').catch(next);
  });
  return router;
}
