/**
 * Accounts of the people and systems that administer the hub, and their sessions.
 *
 * Roles (least privilege, PIC/S PI 041 §9.5; Annex 11 §12): `admin` (IT: enrolment, stations,
 * accounts), `master-data` (stewards who maintain materials, lots, equipment, recipes), `lims`
 * (a LIMS or ERP system account that may only set lots' QC status). Passwords follow the
 * station's policy and hashing (password-policy.ts, password-hash.ts); consecutive failures
 * lock the account (11.300(d)). A login returns a random bearer token; only its SHA-256 is
 * stored, with an expiry, so any hub process can check it and a database copy leaks no session.
 *
 * The first two admins are created from the command line on the hub machine
 * (`batchline hub init-admin`), never over the network: there is nobody yet to authorise them,
 * and with two the hub never depends on one person. Every other account starts PENDING: a
 * second person verifies the holder and the holder sets their own password in that act
 * (account-admin.ts), so no administrator ever knows a password that signs (11.200(a)(3)).
 *
 * Logins are throttled per source address (login-throttle.ts). An account locked after
 * failed attempts stays locked until an admin unlocks it, except the last active admin:
 * their lock lifts itself after ADMIN_LOCK_MINUTES, so nobody can lock the hub out of reach.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { hashPassword, verifyPassword } from '../../src-core/auth/password-hash.ts';
import { checkNewPassword, lockoutDecision } from '../../src-core/auth/password-policy.ts';
import type { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import { gmpRoleConflict, limsRoleConflict } from '../../src-shared/quality/quality-roles.ts';
import { genericAccountName } from '../../src-core/auth/account-policy.ts';
import { hubSessions, hubUsers } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubQuery, HubTx } from '../db/open-hub-db.ts';
import { LoginThrottle } from './login-throttle.ts';
import { audit } from './hub-audit.ts';

export const SESSION_MINUTES = 30;
export const INSTALLATION_ADMINS = 2;
export const ADMIN_LOCK_MINUTES = 15;
/** Accounts without a login for this many days are disabled (HubConfig.dormantDays overrides). */
export const DEFAULT_DORMANT_DAYS = 180;
const FIRST_ADMIN_LOCK = 0x62_6c_61_64_6d; // "bladm"

export interface HubPrincipal {
  userId: string;
  username: string;
  roles: HubRole[];
  /**
   * The one-time code (TOTP) sent with this request (header `x-batchline-otp`), for the second
   * factor at signing (signer-credentials.ts); absent when none was sent.
   */
  otp?: string;
}

export interface NewHubUser {
  username: string;
  printedName: string;
  roles: HubRole[];
  password: string;
}

export class AdminAuth {
  private readonly throttle: LoginThrottle;

  constructor(private readonly ctx: HubContext) {
    this.throttle = new LoginThrottle(ctx);
  }

  /**
   * Installation accounts: only while the hub has fewer than INSTALLATION_ADMINS admins (run
   * on the hub machine, not over the API); active at once, their holders being identified by
   * the installation qualification.
   */
  async createFirstAdmin(input: Omit<NewHubUser, 'roles'>): Promise<Result<HubPrincipal>> {
    return this.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
      const admins = await tx.select({ id: hubUsers.userId }).from(hubUsers).where(sql`${hubUsers.roles} ? 'admin'`);
      if (admins.length >= INSTALLATION_ADMINS) return err('HUB_ADMIN_EXISTS', 'the hub already has its installation administrators; ask one of them to create your account');
      return this.insertUser(tx, 'init-admin', { ...input, roles: ['admin'] }, 'active');
    });
  }

  /** A pending account: it cannot log in until a second person verifies its holder. */
  async createUser(actor: HubPrincipal, input: NewHubUser): Promise<Result<HubPrincipal & { status: 'pending' }>> {
    const r = await this.ctx.db.transaction((tx) => this.insertUser(tx, actor.username, input, 'pending'));
    return r.ok ? ok({ ...r.value, status: 'pending' as const }) : r;
  }

  private async insertUser(tx: HubTx, actor: string, input: NewHubUser, status: 'pending' | 'active'): Promise<Result<HubPrincipal>> {
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z0-9._-]{2,32}$/.test(username)) return err('INPUT_INVALID', 'user names are 2–32 characters: a–z, 0–9, dot, dash, underscore');
    const conflict = gmpRoleConflict(input.roles);
    if (conflict) return err('GMP_ROLE_CONFLICT', conflict);
    const lims = limsRoleConflict(input.roles);
    if (lims) return err('LIMS_ROLE_CONFLICT', lims, { roles: [...input.roles] });
    // DI-11: accounts name one person. The installation admins (init-admin) are exempt and listed
    // as generic by the account review when their names are.
    const generic = actor === 'init-admin' ? null : genericAccountName(username);
    if (generic) {
      await audit(tx, this.ctx.clock.now(), { actor, action: 'user.created', subject: username, ok: false, details: { code: 'ACCOUNT_NAME_GENERIC', username } });
      return err('ACCOUNT_NAME_GENERIC', generic, { username });
    }
    const pw = checkNewPassword(input.password, { username, printedName: input.printedName, previousHashes: [], policy: this.ctx.policy });
    if (!pw.ok) return pw;
    const taken = await tx.select({ id: hubUsers.userId }).from(hubUsers).where(eq(hubUsers.username, username));
    if (taken.length > 0) return err('AUTH_USERNAME_TAKEN', `user name "${username}" has been used before and is never reassigned`);
    const now = this.ctx.clock.now();
    const userId = this.ctx.ids.next('hubuser');
    await tx.insert(hubUsers).values({
      userId,
      username,
      printedName: input.printedName,
      roles: input.roles,
      passwordHash: hashPassword(input.password, this.ctx.scrypt),
      status,
      createdAt: now,
      createdBy: actor,
    });
    await audit(tx, now, { actor, action: 'user.created', subject: userId, details: { username, roles: input.roles, status } });
    return ok({ userId, username, roles: input.roles });
  }

  /** `source` is the client address; failures from it are throttled (login-throttle.ts). */
  async login(usernameInput: string, password: string, source = 'unknown'): Promise<Result<{ token: string; expiresAt: Date; roles: HubRole[] }>> {
    const throttled = await this.throttle.check('login', source);
    if (!throttled.ok) return throttled;
    const r = await this.attemptLogin(usernameInput, password, source);
    if (r.ok) await this.throttle.succeeded('login', source);
    else if (r.error.code !== 'AUTH_ACCOUNT_DISABLED') await this.throttle.failed('login', source);
    return r;
  }

  private async attemptLogin(usernameInput: string, password: string, source: string): Promise<Result<{ token: string; expiresAt: Date; roles: HubRole[] }>> {
    const username = usernameInput.trim().toLowerCase();
    const [found] = await this.ctx.db.select().from(hubUsers).where(eq(hubUsers.username, username));
    const now = this.ctx.clock.now();
    // Same answer for an unknown name and a wrong password (no account enumeration).
    const invalid = err('AUTH_INVALID_CREDENTIALS', 'user name or password is wrong');
    if (!found) {
      verifyPassword(password, hashPassword('timing-equaliser', this.ctx.scrypt));
      return invalid;
    }
    const user = await this.liftExpiredLock(found, now);
    if (user.status === 'disabled') return err('AUTH_ACCOUNT_DISABLED', 'this account is disabled');
    if (user.status === 'locked') {
      const until = user.lockedUntil ? `until ${user.lockedUntil.toISOString()}` : 'until an administrator unlocks it';
      return err('AUTH_ACCOUNT_LOCKED', `this account is locked after failed attempts, ${until}`);
    }
    const dormant = await this.disableIfDormant(user, now);
    if (dormant) return dormant;
    if (user.status === 'pending') {
      verifyPassword(password, user.passwordHash);
      return err('AUTH_ACCOUNT_PENDING', 'this account waits for a second person to verify the holder, who then sets their own password');
    }
    if (!verifyPassword(password, user.passwordHash)) {
      const [row] = await this.ctx.db
        .update(hubUsers)
        .set({ failedAttempts: sql`${hubUsers.failedAttempts} + 1` })
        .where(eq(hubUsers.userId, user.userId))
        .returning({ failedAttempts: hubUsers.failedAttempts });
      if (row && lockoutDecision(row.failedAttempts, this.ctx.policy) === 'lock') {
        const lockedUntil = await this.lockEnd(user, now);
        await this.ctx.db.update(hubUsers).set({ status: 'locked', lockedUntil }).where(eq(hubUsers.userId, user.userId));
        await this.ctx.db.delete(hubSessions).where(eq(hubSessions.userId, user.userId));
        await audit(this.ctx.db, now, { actor: user.username, action: 'user.locked', subject: user.userId, details: { failedAttempts: row.failedAttempts, lockedUntil: lockedUntil?.toISOString() ?? null } });
        return err('AUTH_ACCOUNT_LOCKED', lockedUntil ? `this account is now locked until ${lockedUntil.toISOString()}` : 'this account is now locked after failed attempts; an administrator must unlock it');
      }
      // 11.300(d) / A11-18: every failed login is in the hub audit trail (the periodic report counts them).
      await audit(this.ctx.db, now, { actor: user.username, action: 'session.login_failed', subject: user.userId, ok: false, details: { failedAttempts: row?.failedAttempts ?? null } });
      return invalid;
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_MINUTES * 60_000);
    await this.ctx.db.transaction(async (tx) => {
      await tx.update(hubUsers).set({ failedAttempts: 0, lastLoginAt: now }).where(eq(hubUsers.userId, user.userId));
      // DI-11: one person, one place. A login from another client address ends the account's
      // live sessions elsewhere, and the hub audit trail says so (sessions from the same machine,
      // e.g. the console and the CLI of one IT workstation, are one person at one place).
      const ended = await tx
        .delete(hubSessions)
        .where(and(eq(hubSessions.userId, user.userId), gt(hubSessions.expiresAt, now), sql`${hubSessions.source} is distinct from ${source}`))
        .returning({ createdAt: hubSessions.createdAt, source: hubSessions.source });
      if (ended.length > 0) {
        await audit(tx, now, { actor: user.username, action: 'session.concurrent_ended', subject: user.userId, details: { source, endedSessions: ended.map((e) => ({ source: e.source, startedAt: e.createdAt.toISOString() })) } });
      }
      await tx.insert(hubSessions).values({ tokenHash: tokenHash(token), userId: user.userId, createdAt: now, expiresAt, source });
      await tx.delete(hubSessions).where(lt(hubSessions.expiresAt, now));
    });
    return ok({ token, expiresAt, roles: user.roles as HubRole[] });
  }

  /**
   * Annex 11 §12 / DI-11: an active account without a login for `dormantDays` (from its creation
   * when it never logged in) is disabled by the hub before its password is looked at, and the
   * hub audit trail says so. The last active administrator is never disabled this way.
   */
  private async disableIfDormant(user: HubUserRow, now: Date): Promise<Result<never> | null> {
    if (user.status !== 'active') return null;
    const days = this.ctx.dormantDays ?? DEFAULT_DORMANT_DAYS;
    const since = user.lastLoginAt ?? user.createdAt;
    const idle = Math.floor((now.getTime() - since.getTime()) / 86_400_000);
    if (idle < days) return null;
    if ((user.roles as string[]).includes('admin') && (await activeAdminsExcept(this.ctx.db, user.userId)) === 0) return null;
    await this.ctx.db.transaction(async (tx) => {
      await tx.update(hubUsers).set({ status: 'disabled' }).where(eq(hubUsers.userId, user.userId));
      await tx.delete(hubSessions).where(eq(hubSessions.userId, user.userId));
      await audit(tx, now, { actor: 'hub', action: 'user.disabled', subject: user.userId, details: { username: user.username, reason: 'dormant', dormantDays: days, idleDays: idle, lastLoginAt: user.lastLoginAt?.toISOString() ?? null } });
    });
    return err('AUTH_ACCOUNT_DISABLED', `this account was disabled after ${idle} days without a login; an administrator can enable it again`);
  }

  /**
   * A lock on the last active administrator lifts itself: otherwise five wrong passwords typed
   * by anyone would leave the hub with nobody to unlock anything. Every other lock waits for an
   * administrator (11.300(d)).
   */
  private async lockEnd(user: HubUserRow, now: Date): Promise<Date | null> {
    if (!(user.roles as string[]).includes('admin')) return null;
    const others = await activeAdminsExcept(this.ctx.db, user.userId);
    return others === 0 ? new Date(now.getTime() + ADMIN_LOCK_MINUTES * 60_000) : null;
  }

  private async liftExpiredLock(user: HubUserRow, now: Date): Promise<HubUserRow> {
    if (user.status !== 'locked' || !user.lockedUntil || user.lockedUntil > now) return user;
    const [lifted] = await this.ctx.db
      .update(hubUsers)
      .set({ status: 'active', failedAttempts: 0, lockedUntil: null })
      .where(and(eq(hubUsers.userId, user.userId), eq(hubUsers.status, 'locked')))
      .returning();
    if (lifted) await audit(this.ctx.db, now, { actor: 'hub', action: 'user.lock_lifted', subject: user.userId, details: { lockedUntil: user.lockedUntil.toISOString() } });
    return lifted ?? user;
  }

  /** The principal behind a bearer token, if it is current and the account active. */
  async authenticate(authorization: string | undefined, anyOf: readonly HubRole[]): Promise<Result<HubPrincipal>> {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '');
    if (!match) return err('AUTH_SESSION_INVALID', 'log in first (Authorization: Bearer <token>)');
    const now = this.ctx.clock.now();
    const [row] = await this.ctx.db
      .select({ userId: hubUsers.userId, username: hubUsers.username, roles: hubUsers.roles, status: hubUsers.status })
      .from(hubSessions)
      .innerJoin(hubUsers, eq(hubUsers.userId, hubSessions.userId))
      .where(and(eq(hubSessions.tokenHash, tokenHash(match[1]!)), gt(hubSessions.expiresAt, now)));
    if (!row) return err('AUTH_SESSION_INVALID', 'the session is unknown or has expired; log in again');
    if (row.status !== 'active') return err('AUTH_ACCOUNT_LOCKED', `the account is ${row.status}`);
    const roles = row.roles as HubRole[];
    if (!roles.some((r) => anyOf.includes(r))) return err('AUTH_ROLE_REQUIRED', `needs one of the roles: ${anyOf.join(', ')}`);
    return ok({ userId: row.userId, username: row.username, roles });
  }
}

type HubUserRow = typeof hubUsers.$inferSelect;

/** Active administrators other than `userId` (the last one is never disabled or locked for good). */
export async function activeAdminsExcept(q: HubQuery, userId: string): Promise<number> {
  const rows = await q
    .select({ id: hubUsers.userId })
    .from(hubUsers)
    .where(and(sql`${hubUsers.roles} ? 'admin'`, eq(hubUsers.status, 'active'), ne(hubUsers.userId, userId)));
  return rows.length;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
