import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../../common/errors';

export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
  keyPrefix: string;
  /** Key namespace (default "login"): another flow (accepting invitations) counts apart. */
  name?: string;
}

/**
 * Failed logins are counted per account and per client address in Redis, so the limit
 * holds across API replicas. A success clears the account's counter.
 */
export class LoginRateLimiter {
  private readonly byAccount: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(redis: Redis, limits: LoginLimits) {
    this.byAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${limits.keyPrefix}:${limits.name ?? 'login'}:account`,
      points: limits.perAccount,
      duration: limits.windowSeconds,
    });
    this.byIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${limits.keyPrefix}:${limits.name ?? 'login'}:ip`,
      points: limits.perIp,
      duration: limits.windowSeconds,
    });
  }

  /** Throws RATE_LIMITED when either counter is exhausted. */
  async check(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(email.toLowerCase()), this.byIp.get(ip)]);
    const blocked = [
      { res: account, max: this.byAccount.points },
      { res: address, max: this.byIp.points },
    ].filter((x) => x.res && x.res.consumedPoints >= x.max);
    if (blocked.length) {
      const seconds = Math.ceil(Math.max(...blocked.map((b) => (b.res as RateLimiterRes).msBeforeNext)) / 1000);
      throw new AppError(ErrorCode.RATE_LIMITED, 'error.rateLimited', { seconds }, [], { retryAfter: seconds });
    }
  }

  async failed(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(email.toLowerCase(), 1), this.byIp.penalty(ip, 1)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email.toLowerCase());
  }
}
