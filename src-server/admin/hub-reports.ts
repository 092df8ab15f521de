/**
 * Reports for the periodic review at the hub (EU GMP Annex 11 §11, §12; COMPLIANCE.md A11-18,
 * A11-20, DI-11), read from the hub's own tables and the station ledgers it holds:
 *
 *  - `hubAccountReview`: every hub account, its roles, status, last login, dormant, pending,
 *    generic name;
 *  - `hubAccessAt`: who held which hub role, with which status, at a past moment (folded from the
 *    hub audit trail, which records every account creation and status change);
 *  - `periodicReport`: for [from, to): incidents (sync refusals, forks, station quarantines and
 *    revocations), configuration changes at the stations, failed logins (stations and hub),
 *    software upgrades, deviations raised and still open, concurrent use of one account at two
 *    stations, users and roles, and the validation status (the last qualification of each station).
 *
 * Sections the 2025 Annex 11 draft also asks for that Batchline does not hold (CAPA, supplier
 * status, the review of the audit trail itself) are listed as "not recorded by Batchline".
 */
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { HubContext } from '../hub-context.ts';
import { forks, hubAudit, hubUsers, ledgerEntries, stations, syncRefusals } from '../db/schema.ts';
import { qualitySignatures } from '../quality/db/quality-schema.ts';
import { genericAccountName } from '../../src-core/auth/account-policy.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { audit } from './hub-audit.ts';
import { sessionOverlaps, type SessionWindow } from '../../src-core/auth/session-windows.ts';
import { loadSessionWindows } from '../quality/session-use.ts';
import { DEFAULT_DORMANT_DAYS } from './admin-auth.ts';

export interface HubAccountRow {
  userId: string;
  username: string;
  printedName: string;
  roles: string[];
  status: string;
  createdAt: string;
  lastLoginAt: string | null;
  daysSinceLogin: number;
  dormant: boolean;
  pending: boolean;
  generic: boolean;
}

export async function hubAccountReview(ctx: HubContext): Promise<HubAccountRow[]> {
  const now = ctx.clock.now();
  const days = ctx.dormantDays ?? DEFAULT_DORMANT_DAYS;
  const rows = await ctx.db.select().from(hubUsers).orderBy(asc(hubUsers.username));
  return rows.map((u) => {
    const since = u.lastLoginAt ?? u.createdAt;
    const idle = Math.floor((now.getTime() - since.getTime()) / 86_400_000);
    return {
      userId: u.userId,
      username: u.username,
      printedName: u.printedName,
      roles: u.roles,
      status: u.status,
      createdAt: u.createdAt.toISOString(),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      daysSinceLogin: idle,
      dormant: u.status === 'active' && idle >= days,
      pending: u.status === 'pending',
      generic: genericAccountName(u.username) !== null,
    };
  });
}

export interface HubAccessRow {
  userId: string;
  username: string;
  roles: string[];
  status: string;
}

/** A11-20: hub roles and statuses at `at`, from the hub audit trail up to that moment. */
export async function hubAccessAt(ctx: HubContext, at: Date): Promise<HubAccessRow[]> {
  const events = await ctx.db
    .select()
    .from(hubAudit)
    .where(and(lt(hubAudit.at, new Date(at.getTime() + 1)), eq(hubAudit.ok, true), sql`${hubAudit.action} like 'user.%'`))
    .orderBy(asc(hubAudit.id));
  const users = new Map<string, HubAccessRow>();
  for (const e of events) {
    const d = (e.details ?? {}) as Record<string, unknown>;
    if (e.action === 'user.created') {
      users.set(e.subject, { userId: e.subject, username: String(d.username ?? e.subject), roles: (d.roles as string[] | undefined) ?? [], status: String(d.status ?? 'active') });
      continue;
    }
    const u = users.get(e.subject);
    if (!u) continue;
    if (e.action === 'user.disabled') u.status = 'disabled';
    else if (e.action === 'user.enabled' || e.action === 'user.unlocked' || e.action === 'user.lock_lifted' || e.action === 'user.identity_verified') u.status = 'active';
    else if (e.action === 'user.locked') u.status = 'locked';
    else if (e.action === 'user.password_reset') u.status = 'pending';
  }
  return [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** The hub records each version it starts with; a different one than the last is an upgrade. */
export async function recordSoftwareVersion(ctx: HubContext, version: string = SOFTWARE_VERSION): Promise<void> {
  const [last] = await ctx.db
    .select()
    .from(hubAudit)
    .where(inArray(hubAudit.action, ['software.installed', 'software.upgraded']))
    .orderBy(desc(hubAudit.id))
    .limit(1);
  const lastVersion = (last?.details as { version?: string } | null)?.version;
  if (lastVersion === version) return;
  await audit(ctx.db, ctx.clock.now(), last ? { actor: 'hub', action: 'software.upgraded', subject: 'hub', details: { from: lastVersion ?? null, version } } : { actor: 'hub', action: 'software.installed', subject: 'hub', details: { version } });
}

export interface PeriodicReport {
  from: string;
  to: string;
  generatedAt: string;
  softwareVersion: string;
  incidents: { count: number; syncRefusals: number; forks: number; stationStatusChanges: number; items: { at: string; kind: string; stationId: string; detail: string }[] };
  configChanges: { count: number; items: { time: string; stationId: string; key: string; reason: string; approvedBy: string | null }[] };
  failedLogins: { count: number; atStations: number; atHub: number; byUser: Record<string, number> };
  upgrades: { count: number; items: { at: string; where: string; from: string | null; to: string }[] };
  deviations: { raised: number; open: number; openItems: { stationId: string; deviationId: string; batchRef: string | null; raisedAt: string; reason: string }[] };
  concurrentUse: { count: number; items: { username: string; stations: string[]; at: string; until: string }[] };
  usersAndRoles: HubAccountRow[];
  validation: { stationId: string; lastQualification: string | null; verdict: string | null }[];
  notRecorded: string[];
}

export async function periodicReport(ctx: HubContext, from: Date, to: Date): Promise<PeriodicReport> {
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const inPeriod = (types: string[]) =>
    ctx.db
      .select()
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.type, types), gte(ledgerEntries.time, fromIso), lt(ledgerEntries.time, toIso)))
      .orderBy(asc(ledgerEntries.time), asc(ledgerEntries.stationId), asc(ledgerEntries.seq));

  const refusals = await ctx.db.select().from(syncRefusals).where(and(gte(syncRefusals.at, from), lt(syncRefusals.at, to)));
  const forkRows = await ctx.db.select().from(forks).where(and(gte(forks.detectedAt, from), lt(forks.detectedAt, to)));
  const stationChanges = await ctx.db
    .select()
    .from(hubAudit)
    .where(and(gte(hubAudit.at, from), lt(hubAudit.at, to), inArray(hubAudit.action, ['station.quarantined', 'station.revoked'])));
  const incidentItems = [
    ...refusals.map((r) => ({ at: r.at.toISOString(), kind: `sync refused: ${r.code}`, stationId: r.stationId, detail: r.reason })),
    ...forkRows.map((f) => ({ at: f.detectedAt.toISOString(), kind: 'fork', stationId: f.stationId, detail: `seq ${f.seq}` })),
    ...stationChanges.map((a) => ({ at: a.at.toISOString(), kind: a.action, stationId: a.subject, detail: String((a.details as Record<string, unknown> | null)?.reason ?? '') })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const configEntries = await inPeriod(['settings.changed']);
  const stationFailures = await inPeriod(['session.login_failed']);
  const hubFailures = await ctx.db.select().from(hubAudit).where(and(gte(hubAudit.at, from), lt(hubAudit.at, to), eq(hubAudit.action, 'session.login_failed')));
  const byUser: Record<string, number> = {};
  for (const e of stationFailures) {
    const name = `${String((e.payload as Record<string, unknown>).username ?? '?')}@${e.stationId}`;
    byUser[name] = (byUser[name] ?? 0) + 1;
  }
  for (const a of hubFailures) byUser[`${a.actor}@hub`] = (byUser[`${a.actor}@hub`] ?? 0) + 1;

  const hubUpgrades = await ctx.db.select().from(hubAudit).where(and(gte(hubAudit.at, from), lt(hubAudit.at, to), eq(hubAudit.action, 'software.upgraded')));
  const stationUpgrades = await inPeriod(['station.software_upgraded']);
  const upgrades = [
    ...hubUpgrades.map((a) => {
      const d = (a.details ?? {}) as { from?: string | null; version?: string };
      return { at: a.at.toISOString(), where: 'hub', from: d.from ?? null, to: String(d.version ?? '') };
    }),
    ...stationUpgrades.map((e) => {
      const p = e.payload as { from?: string; to?: string };
      return { at: e.time, where: e.stationId, from: p.from ?? null, to: String(p.to ?? '') };
    }),
  ];

  const raised = await inPeriod(['deviation.raised']);
  const allRaised = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.type, 'deviation.raised'), lt(ledgerEntries.time, toIso)));
  const approvals = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.type, 'signature.applied'), sql`${ledgerEntries.payload}->>'meaning' = 'approved'`));
  const approvedSeqs = new Set(approvals.map((a) => `${a.stationId}:${String((a.payload as Record<string, unknown>).targetSeq)}`));
  const closedAtHub = new Set((await ctx.db.select({ key: qualitySignatures.subjectKey }).from(qualitySignatures).where(eq(qualitySignatures.subjectKind, 'deviation'))).map((r) => r.key));
  const open = allRaised.filter((e) => {
    const id = String((e.payload as Record<string, unknown>).deviationId);
    return !approvedSeqs.has(`${e.stationId}:${e.seq}`) && !closedAtHub.has(id);
  });

  const stationRows = await ctx.db.select({ stationId: stations.stationId }).from(stations).orderBy(asc(stations.stationId));
  const qualifications = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.type, 'qualification.recorded'), lt(ledgerEntries.time, toIso))).orderBy(asc(ledgerEntries.time));
  const validation = stationRows.map((s) => {
    const last = qualifications.filter((q) => q.stationId === s.stationId).at(-1);
    return { stationId: s.stationId, lastQualification: last?.time ?? null, verdict: last ? String((last.payload as Record<string, unknown>).verdict) : null };
  });

  return {
    from: fromIso,
    to: toIso,
    generatedAt: ctx.clock.now().toISOString(),
    softwareVersion: SOFTWARE_VERSION,
    incidents: { count: incidentItems.length, syncRefusals: refusals.length, forks: forkRows.length, stationStatusChanges: stationChanges.length, items: incidentItems },
    configChanges: {
      count: configEntries.length,
      items: configEntries.map((e) => {
        const p = e.payload as Record<string, unknown>;
        return { time: e.time, stationId: e.stationId, key: String(p.key), reason: String(p.reason), approvedBy: p.approvalSeq ? e.actor : null };
      }),
    },
    failedLogins: { count: stationFailures.length + hubFailures.length, atStations: stationFailures.length, atHub: hubFailures.length, byUser },
    upgrades: { count: upgrades.length, items: upgrades },
    deviations: {
      raised: raised.length,
      open: open.length,
      openItems: open.map((e) => {
        const p = e.payload as Record<string, unknown>;
        return { stationId: e.stationId, deviationId: String(p.deviationId), batchRef: e.batchRef, raisedAt: e.time, reason: String(p.reason) };
      }),
    },
    // One fold (src-core/auth/session-windows.ts, FR-140): windows opened up to a day before the period count.
    concurrentUse: concurrentUse(await loadSessionWindows(ctx.db, { from: new Date(from.getTime() - 86_400_000).toISOString(), to: toIso }), from, to),
    usersAndRoles: await hubAccountReview(ctx),
    validation,
    notRecorded: ['CAPA', 'supplier status', 'audit-trail review status'],
  };
}

/**
 * DI-11 detection across stations: the same user name logged in at two stations at once, each
 * overlap that begins in the period (FR-140: the fold of session-windows.ts, clocks corrected by
 * the stations' recorded drift, overlaps of more than the tolerance). It does not end a session.
 */
function concurrentUse(windows: SessionWindow[], from: Date, to: Date): PeriodicReport['concurrentUse'] {
  const items = sessionOverlaps(windows)
    .filter((o) => o.fromMs >= from.getTime() && o.fromMs < to.getTime())
    .map((o) => ({ username: o.username, stations: [o.a.stationId, o.b.stationId], at: new Date(o.fromMs).toISOString(), until: new Date(o.toMs).toISOString() }));
  return { count: items.length, items };
}
