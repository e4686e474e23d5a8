import type Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../../common/errors';

/**
 * Wrong export passwords are counted per user in Redis (across API replicas): a stolen
 * session must not be able to guess the password through the export dialog.
 */
export class ExportPasswordLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, options: { points: number; windowSeconds: number; keyPrefix: string }) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${options.keyPrefix}:export:password`,
      points: options.points,
      duration: options.windowSeconds,
    });
  }

  async check(userId: string): Promise<void> {
    const res = await this.limiter.get(userId);
    if (res && res.consumedPoints >= this.limiter.points) {
      const seconds = Math.ceil(res.msBeforeNext / 1000);
      throw new AppError(ErrorCode.RATE_LIMITED, 'error.rateLimited', { seconds }, [], { retryAfter: seconds });
    }
  }

  failed(userId: string): Promise<unknown> {
    return this.limiter.penalty(userId, 1);
  }

  succeeded(userId: string): Promise<unknown> {
    return this.limiter.delete(userId);
  }
}

const limiters = new WeakMap<object, ExportPasswordLimiter>();

/** One limiter per process resources (deps), built on first use. */
export function exportPasswordLimiter(deps: {
  redis: Redis;
  config: { EXPORT_PASSWORD_MAX_ATTEMPTS: number; EXPORT_PASSWORD_WINDOW_SECONDS: number; QUEUE_PREFIX: string };
}): ExportPasswordLimiter {
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = new ExportPasswordLimiter(deps.redis, {
      points: deps.config.EXPORT_PASSWORD_MAX_ATTEMPTS,
      windowSeconds: deps.config.EXPORT_PASSWORD_WINDOW_SECONDS,
      keyPrefix: deps.config.QUEUE_PREFIX,
    });
    limiters.set(deps, limiter);
  }
  return limiter;
}
