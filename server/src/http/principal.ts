import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../app-deps';
import { ErrorCode } from '../common/errors';
import { localeFromAcceptLanguage, translate } from '../common/i18n';
import {
  type Principal,
  SESSION_COOKIE,
  principalFromApiKey,
  principalFromSession,
} from '../modules/auth/auth.service';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal | null;
    requestId?: string;
  }
}

/**
 * Resolves who is calling, once per request: `Authorization: Bearer <api key>` for
 * integrators, else the session cookie of the web client. An unknown or expired session leaves
 * the request anonymous (the resolvers then answer UNAUTHENTICATED). A key that is unknown,
 * revoked or whose creator was deactivated is refused at once, on every route, with 401
 * UNAUTHENTICATED saying so (an integrator is not told to "sign in"): for /graphql in the
 * GraphQL error shape, elsewhere as the JSON error body of the file routes.
 */
export function resolvePrincipal(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const auth = req.get('authorization');
      if (auth?.toLowerCase().startsWith('bearer ')) {
        req.principal = await principalFromApiKey(deps.dataSource, auth.slice(7).trim());
        if (!req.principal) return refuseUnknownKey(req, res);
      } else {
        const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
        req.principal = token ? await principalFromSession(deps.dataSource, token) : null;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

function refuseUnknownKey(req: Request, res: Response): void {
  const message = translate(localeFromAcceptLanguage(req.get('accept-language')), 'apiKey.unknown');
  const code = ErrorCode.UNAUTHENTICATED;
  // The request's body is not read: let it drain so the connection can be reused.
  req.resume();
  res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"');
  if (req.path === '/graphql' || req.baseUrl === '/graphql') res.json({ errors: [{ message, extensions: { code } }] });
  else res.json({ code, message });
}
