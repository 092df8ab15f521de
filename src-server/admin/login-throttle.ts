/**
 * Failed attempts per source address (21 CFR 11.300(d); Annex 11 §12.1): logins and
 * enrolment requests. The first FREE_FAILURES failures within WINDOW_MS cost nothing; each one
 * after that blocks the address for twice as long as the last (1 s, 2 s, 4 s … up to
 * MAX_BLOCK_MS). Guessing from one address therefore slows to a crawl, while the account
 * lockout (password-policy.ts) still counts every wrong password a person types.
 *
 * The counts live in the database (login_throttle), not in process memory, so several hub
 * processes behind a load balancer throttle together. The source is the client address as
 * Fastify reports it: the peer, or the X-Forwarded-For client when the hub runs behind a
 * trusted proxy (HubConfig.trustProxy).
 */
import { and, eq, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { loginThrottle } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';

export type ThrottleScope = 'login' | 'enrolment';

export const FREE_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const FIRST_BLOCK_MS = 1_000;
export const MAX_BLOCK_MS = 15 * 60_000;

/** How long the `failures`-th failure blocks the address (0 while still free). */
export function blockAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_BLOCK_MS, FIRST_BLOCK_MS * 2 ** (failures - FREE_FAILURES));
}

export class LoginThrottle {
  constructor(private readonly ctx: HubContext) {}

  /** Refuses while the address is blocked; says for how long. */
  async check(scope: ThrottleScope, source: string): Promise<Result<void>> {
    const now = this.ctx.clock.now();
    const [row] = await this.ctx.db.select().from(loginThrottle).where(and(eq(loginThrottle.scope, scope), eq(loginThrottle.source, source)));
    if (!row?.blockedUntil || row.blockedUntil <= now) return ok(undefined);
    const retryAfterSeconds = Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000);
    return err('AUTH_RATE_LIMITED', `too many failed attempts from ${source}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  async failed(scope: ThrottleScope, source: string): Promise<void> {
    const now = this.ctx.clock.now();
    const windowStart = new Date(now.getTime() - WINDOW_MS);
    // One statement, so two hub processes counting the same address never lose a failure.
    const [row] = await this.ctx.db
      .insert(loginThrottle)
      .values({ scope, source, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: [loginThrottle.scope, loginThrottle.source],
        set: {
          failures: sql`case when ${loginThrottle.lastFailureAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: loginThrottle.failures });
    const block = blockAfter(row?.failures ?? 1);
    if (block > 0) {
      await this.ctx.db
        .update(loginThrottle)
        .set({ blockedUntil: new Date(now.getTime() + block) })
        .where(and(eq(loginThrottle.scope, scope), eq(loginThrottle.source, source)));
    }
  }

  async succeeded(scope: ThrottleScope, source: string): Promise<void> {
    await this.ctx.db.delete(loginThrottle).where(and(eq(loginThrottle.scope, scope), eq(loginThrottle.source, source)));
  }
}
