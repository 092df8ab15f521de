/**
 * Issue 12 item 2 benchmark: the time from an OOS result recorded at the station to its alert
 * shown by the hub's API (GET /quality/ipqc/alerts), through the ordinary signed sync round
 * (push with full verification, countersignature, signer-certificate and CRL calls) and the
 * hub's IPQC projection, on embedded PGlite over loopback HTTP. Baseline in the same run: one
 * plain entry (a comment) recorded and synced by the same round, until the hub acknowledges it.
 *
 * The OOS result is three entries (result, deviation, alert) plus its signature; the station
 * syncs at once after recording (the sync service's interval is the deployment's choice, and
 * adds to both rows alike).
 */
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { stations } from '../src-server/db/schema.ts';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';
import { unwrap } from '../src-shared/result.ts';
import type { HubIpqcAlert } from '../src-shared/quality/ipqc-contract.ts';
import { DEMO_PASSWORD } from '../test/fakes/test-station.ts';
import { recordBatch } from '../test/quality/support/station-batch.ts';
import { startQualityHub } from '../test/quality/support/quality-hub.ts';
import { TABLET_WEIGHT } from '../test/ipqc/ipqc-plans.ts';

const MIN = 60_000;

export default async function run({ quick }: BenchOptions): Promise<BenchTable[]> {
  const n = quick ? 10 : 40;
  const q = await startQualityHub('pglite');
  try {
    const t = q.station;
    const batch = 'B-IPQC-BENCH';
    recordBatch(t, { batchNumber: batch, apiLot: 'API-LOT-BENCH', excipientLot: 'MCC-LOT-BENCH', incomplete: true, checkPlans: [{ ...TABLET_WEIGHT, source: 'typed', sampleSize: 3 }] });
    await q.sync();
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const alertIds = async () => new Set((await q.hub.api<HubIpqcAlert[]>('GET', `/api/v1/quality/ipqc/alerts?batch=${batch}`, undefined, await q.token('qa.hub'))).body.map((a) => a.alertId));
    const db = q.hub.hub.services.ctx.db;
    const acked = async () => (await db.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, t.stationId)))[0]?.ackSeq ?? 0;

    const alertMs: number[] = [];
    const plainMs: number[] = [];
    for (let i = 0; i < n; i++) {
      // Keep the operator's screen unlocked and the check due (30 min apart).
      t.clock.advance(30 * MIN);
      t.auth.unlock(session, DEMO_PASSWORD);
      const started = performance.now();
      const r = unwrap(t.ipqc.record(session, { batchNumber: batch, checkId: 'TW', values: ['531.0', '529.5', '533.4'], password: DEMO_PASSWORD, username: i === 0 ? 'op.li' : null }));
      await q.sync();
      if (!(await alertIds()).has(r.alertId!)) throw new Error(`alert ${r.alertId} not at the hub after sync`);
      alertMs.push(performance.now() - started);

      const plainStart = performance.now();
      const [c] = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: batch, payload: { text: `bench ${i}` } }]));
      await q.sync();
      if ((await acked()) < c!.seq) throw new Error('comment not acknowledged by the hub');
      plainMs.push(performance.now() - plainStart);
    }
    const p = (xs: number[], k: number) => percentile(xs, k);
    return [
      {
        title: `IPQC: OOS at the station → alert shown by the hub (PGlite, loopback HTTP, ${n} results)`,
        columns: ['what', 'p50 ms', 'p99 ms', 'max ms', 'p50 ratio to baseline'],
        rows: [
          ['OOS result (result + deviation + alert + signature) → sync → hub alert list', p(alertMs, 50), p(alertMs, 99), Math.max(...alertMs), p(alertMs, 50) / p(plainMs, 50)],
          ['baseline: one comment entry → sync → acknowledged by the hub', p(plainMs, 50), p(plainMs, 99), Math.max(...plainMs), 1],
        ],
        notes: ['Both rows include one full sync round as the station runs it (push, countersignature, signer certificates, revocation list). The alert row adds the hub API read of the alert list (HTTP, session, IPQC projection catch-up); the baseline reads the acknowledged seq from the hub database directly.'],
      },
    ];
  } finally {
    await q.close();
  }
}
