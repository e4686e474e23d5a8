import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../app-deps';
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
 * integrators, else the session cookie of the web client. Unknown credentials leave the
 * request anonymous; the resolvers then answer UNAUTHENTICATED.
 */
export function resolvePrincipal(deps: AppDeps) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const auth = req.get('authorization');
      if (auth?.toLowerCase().startsWith('bearer ')) {
        req.principal = await principalFromApiKey(deps.dataSource, auth.slice(7).trim());
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
