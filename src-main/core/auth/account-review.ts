/**
 * The periodic account review at a station (Annex 11 §12.3, COMPLIANCE.md A11-20, DI-11, and the
 * A11-18 periodic review's "access rights" section), read from the ledger alone:
 *  - `review(now)`: who has which role, status, last login, dormant, pending, generic name,
 *    second factor, e-signature acknowledgement;
 *  - `accessAt(at)`: who held which role at a past moment, folded from the user entries up to it;
 *  - `disableDormant(days)`: accounts without a login for `days` days are disabled by the station
 *    itself, each as a `user.disabled` entry without actor naming the days and the last login.
 *    The last active administrator is never disabled this way (nobody could enable anyone again).
 */
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { LedgerEntry, NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { ok, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { daysSince, genericAccountName } from '../../../src-core/auth/account-policy.ts';
import type { UserDirectory } from './user-directory.ts';

export type AccountStatus = 'pending' | 'active' | 'locked' | 'disabled';

export interface AccountReviewRow {
  userId: string;
  username: string;
  printedName: string;
  roles: Role[];
  status: AccountStatus;
  createdAt: string;
  lastLoginAt: string | null;
  daysSinceLogin: number;
  dormant: boolean;
  generic: boolean;
  mfaEnrolled: boolean;
  esigAcknowledged: boolean;
}

export interface AccessRow {
  userId: string;
  username: string;
  roles: Role[];
  status: AccountStatus;
}

const ALL = 1_000_000;
const USER_TYPES = ['user.created', 'user.roles_changed', 'user.disabled', 'user.enabled', 'user.locked', 'user.unlocked', 'user.identity_verified', 'user.password_changed'];

export class AccountReview {
  constructor(private readonly deps: { ledger: Ledger; users: UserDirectory; clock: Clock }) {}

  review(dormantDays: number): AccountReviewRow[] {
    const now = this.deps.clock.now();
    const lastLogin = this.lastLogins();
    const created = new Map(this.deps.ledger.query({ types: ['user.created'], limit: ALL }).map((e) => [e.payload.userId as string, e.time]));
    const acknowledged = new Set(this.deps.ledger.query({ types: ['user.esig_acknowledged'], limit: ALL }).map((e) => e.payload.userId as string));
    return this.deps.users.list().map((u) => {
      const createdAt = created.get(u.userId) ?? u.passwordChangedAt;
      const last = lastLogin.get(u.userId) ?? null;
      const days = daysSince(new Date(last ?? createdAt), now);
      return {
        userId: u.userId,
        username: u.username,
        printedName: u.printedName,
        roles: u.roles,
        status: u.status,
        createdAt,
        lastLoginAt: last,
        daysSinceLogin: days,
        dormant: u.status === 'active' && days >= dormantDays,
        generic: genericAccountName(u.username) !== null,
        mfaEnrolled: this.deps.users.mfaSecret(u.userId) !== undefined,
        esigAcknowledged: acknowledged.has(u.userId),
      };
    });
  }

  /** Disables every active account with no login for `dormantDays` days; returns who. */
  disableDormant(dormantDays: number): Result<AccountReviewRow[]> {
    const rows = this.review(dormantDays);
    const activeAdmins = rows.filter((r) => r.status === 'active' && r.roles.includes('admin'));
    const dormant = rows.filter((r) => r.dormant);
    const keep = activeAdmins.length > 0 && activeAdmins.every((a) => dormant.includes(a)) ? activeAdmins.sort((a, b) => a.daysSinceLogin - b.daysSinceLogin)[0] : undefined;
    const disabled = dormant.filter((r) => r !== keep);
    if (disabled.length === 0) return ok([]);
    const entries: NewEntry[] = disabled.map((r) => ({
      type: 'user.disabled',
      actor: null,
      payload: { userId: r.userId, reason: `dormant: no login for ${r.daysSinceLogin} days (limit ${dormantDays})`, dormantDays, ...(r.lastLoginAt ? { lastLoginAt: r.lastLoginAt } : {}) },
    }));
    const appended = this.deps.ledger.append(entries);
    return appended.ok ? ok(disabled) : appended;
  }

  /** Who held which role, with which status, at `at` (A11-20): folded from the ledger up to that time. */
  accessAt(at: Date): AccessRow[] {
    const until = at.toISOString();
    const users = new Map<string, AccessRow>();
    for (const e of this.deps.ledger.query({ types: USER_TYPES, toTime: until, limit: ALL })) applyUserEntry(users, e);
    return [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  private lastLogins(): Map<string, string> {
    const last = new Map<string, string>();
    for (const e of this.deps.ledger.query({ types: ['session.login'], limit: ALL })) last.set(e.payload.userId as string, e.time);
    return last;
  }
}

/** One user entry applied to the fold (the projection's rules, over the record instead of the table). */
export function applyUserEntry(users: Map<string, AccessRow>, e: LedgerEntry): void {
  const p = e.payload as Record<string, unknown>;
  const id = p.userId as string;
  if (e.type === 'user.created') {
    users.set(id, { userId: id, username: p.username as string, roles: p.roles as Role[], status: p.identityVerification === 'pending' ? 'pending' : 'active' });
    return;
  }
  const u = users.get(id);
  if (!u) return;
  if (e.type === 'user.roles_changed') u.roles = p.newRoles as Role[];
  else if (e.type === 'user.disabled') u.status = 'disabled';
  else if (e.type === 'user.enabled' || e.type === 'user.unlocked') u.status = 'active';
  else if (e.type === 'user.locked') u.status = 'locked';
  else if (e.type === 'user.identity_verified' && u.status === 'pending') u.status = 'active';
  else if (e.type === 'user.password_changed' && p.identityVerification === 'pending') u.status = 'pending';
}
