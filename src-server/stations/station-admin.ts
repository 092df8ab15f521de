/**
 * What IT sees and does about stations: sync health (acknowledged head, last push and pull,
 * master-data cursor), forks and refused pushes, and the decisions revoke, quarantine and
 * reinstate — each recorded in the hub audit trail with its reason.
 */
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { StationSummary } from '../../src-shared/sync/sync-protocol.ts';
import { forks, issuedCertificates, stations, syncRefusals } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';

export class StationAdmin {
  constructor(private readonly ctx: HubContext) {}

  async list(): Promise<StationSummary[]> {
    const rows = await this.ctx.db.select().from(stations).orderBy(stations.stationId);
    const openForks = await this.ctx.db.select({ stationId: forks.stationId, n: count() }).from(forks).where(isNull(forks.resolvedAt)).groupBy(forks.stationId);
    const refusals = await this.ctx.db.select({ stationId: syncRefusals.stationId, n: count() }).from(syncRefusals).groupBy(syncRefusals.stationId);
    const forkCount = new Map(openForks.map((f) => [f.stationId, Number(f.n)]));
    const refusalCount = new Map(refusals.map((r) => [r.stationId, Number(r.n)]));
    return rows.map((s) => ({
      stationId: s.stationId,
      name: s.name,
      site: s.site,
      status: s.status,
      statusReason: s.statusReason,
      ackSeq: s.ackSeq,
      lastPushAt: s.lastPushAt?.toISOString() ?? null,
      lastPullAt: s.lastPullAt?.toISOString() ?? null,
      masterDataCursor: s.masterDataCursor,
      openForks: forkCount.get(s.stationId) ?? 0,
      refusals: refusalCount.get(s.stationId) ?? 0,
    }));
  }

  async forks(stationId: string) {
    const rows = await this.ctx.db.select().from(forks).where(eq(forks.stationId, stationId)).orderBy(desc(forks.detectedAt));
    return rows.map((f) => ({ id: f.id, stationId: f.stationId, seq: f.seq, hubHash: f.hubHash, stationHash: f.stationHash, detectedAt: f.detectedAt.toISOString(), resolvedAt: f.resolvedAt?.toISOString() ?? null }));
  }

  async refusals(stationId: string, limit = 100) {
    const rows = await this.ctx.db.select().from(syncRefusals).where(eq(syncRefusals.stationId, stationId)).orderBy(desc(syncRefusals.id)).limit(limit);
    return rows.map((r) => ({ id: r.id, stationId: r.stationId, at: r.at.toISOString(), code: r.code, seq: r.seq, reason: r.reason }));
  }

  /** The station's certificate is revoked too: it can never authenticate again (re-enrolment needed). */
  async revoke(actor: HubPrincipal, stationId: string, reason: string): Promise<Result<StationSummary>> {
    return this.decide(actor, stationId, 'revoked', reason, async (tx, now, certFingerprint) => {
      await tx.update(issuedCertificates).set({ revokedAt: now, revocationReason: reason }).where(and(eq(issuedCertificates.fingerprint, certFingerprint), isNull(issuedCertificates.revokedAt)));
    });
  }

  async quarantine(actor: HubPrincipal, stationId: string, reason: string): Promise<Result<StationSummary>> {
    return this.decide(actor, stationId, 'quarantined', reason);
  }

  /**
   * Lifts a quarantine after IT resolved its cause (e.g. the station was restored to the
   * history the hub holds); open forks are marked resolved by this person, with the reason.
   */
  async reinstate(actor: HubPrincipal, stationId: string, reason: string): Promise<Result<StationSummary>> {
    return this.decide(actor, stationId, 'active', reason, async (tx, now) => {
      await tx.update(forks).set({ resolvedAt: now, resolvedBy: actor.username }).where(and(eq(forks.stationId, stationId), isNull(forks.resolvedAt)));
    });
  }

  private async decide(
    actor: HubPrincipal,
    stationId: string,
    status: 'active' | 'revoked' | 'quarantined',
    reason: string,
    also?: (tx: HubTx, now: Date, certFingerprint: string) => Promise<void>,
  ): Promise<Result<StationSummary>> {
    const done = await this.ctx.db.transaction(async (tx): Promise<Result<void>> => {
      const [st] = await tx.select().from(stations).where(eq(stations.stationId, stationId)).for('update');
      if (!st) return err('NOT_FOUND', `no station ${stationId}`);
      if (st.status === 'revoked') return err('STATION_REVOKED', `station ${stationId} is revoked; enrol it again`);
      if (st.status === status) return err('CONFLICT', `station ${stationId} is already ${status}`);
      const now = this.ctx.clock.now();
      await tx.update(stations).set({ status, statusReason: reason, statusChangedAt: now }).where(eq(stations.stationId, stationId));
      await also?.(tx, now, st.certFingerprint);
      await audit(tx, now, { actor: actor.username, action: `station.${status === 'active' ? 'reinstated' : status}`, subject: stationId, details: { reason, from: st.status } });
      return ok(undefined);
    });
    if (!done.ok) return done;
    const summary = (await this.list()).find((s) => s.stationId === stationId);
    return summary ? ok(summary) : err('NOT_FOUND', `no station ${stationId}`);
  }
}
