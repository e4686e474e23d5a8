import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/env';

/**
 * Security headers for everything the API serves. The Vue client is built to files under
 * /assets, so scripts come from 'self' only; Naive UI injects its styles at run time, hence
 * 'unsafe-inline' for styles (not for scripts). Images may come from anywhere over https
 * (custom page blocks show logos by URL). The queue dashboard ships inline scripts of its
 * own: it keeps every other header but a relaxed script policy, behind the admin check.
 */
export function securityHeaders(config: Config): RequestHandler {
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: config.COOKIE_SECURE ? [] : null,
  };
  const strict = helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: config.COOKIE_SECURE ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  const dashboard = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, scriptSrc: ["'self'", "'unsafe-inline'"] },
    },
    strictTransportSecurity: config.COOKIE_SECURE ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  return (req, res, next) => (req.path.startsWith('/admin/queues') ? dashboard : strict)(req, res, next);
}

/**
 * Cross-origin calls are refused unless the origin is listed in CORS_ORIGINS (the web
 * client is served by the API itself, so same-origin needs nothing). Listed origins may
 * send the session cookie.
 */
export function corsPolicy(config: Config): RequestHandler {
  const allowed = new Set(config.CORS_ORIGINS);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-request-id', 'accept-language'],
    maxAge: 600,
  });
}
