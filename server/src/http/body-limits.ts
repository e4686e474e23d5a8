import type { NextFunction, Request, Response } from 'express';

/** Largest GraphQL request body (JSON). */
export const GRAPHQL_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Answers 413 at once to a request whose declared length is over the limit, before any of
 * its bytes are read (express.json would read, and discard, the whole body before answering),
 * and closes the connection so the client stops sending. Bodies without a declared length
 * (chunked) are still capped while read by the parser behind.
 */
export function refuseDeclaredOver(maxBytes: number, refuse?: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.get('content-length') ?? 0);
    if (!(declared > maxBytes)) return next();
    res.setHeader('connection', 'close');
    if (refuse) return refuse(req, res);
    res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: `Request body over ${maxBytes} bytes.` });
  };
}
