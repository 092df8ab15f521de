/**
 * Where two histories part, and a hub that forgot (issue 18 items 14 and 15), on PGlite and
 * PostgreSQL:
 *   - a station history rewritten after acknowledgement is reported and recorded as a fork at
 *     the FIRST sequence number where it differs from the hub's, not at the hub's head;
 *   - a station restored from an older copy is told from which entry on it lacks history;
 *   - a hub restored from an older backup (COMPLIANCE.md A11-13): on the next sync the station
 *     notices that the hub holds less than it had acknowledged, says so (status notice, a
 *     `sync.hub_behind` ledger entry), sends the history again, and the hub records the event
 *     in its audit trail, where QA sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type Result } from '../../src-shared/result.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { copyStationDb, openStationCopy, rewriteFrom, tamper } from '../fakes/ledger-attacker.ts';
import { stationActivity } from './support/station-activity.ts';
import { startTestHub, type TestHub } from './support/test-hub.ts';
import { enrolStation, syncService } from './support/enrol.ts';
import { restorableBackend, type RestorableBackend } from './support/restorable-backend.ts';

const details = (r: Result<unknown>) => (r.ok ? null : { code: r.error.code, message: r.error.message, ...r.error.details });
const station = (id: string) => makeTestStation({ config: { checkpointEvery: 10, identity: { stationId: id, name: `Booth ${id}`, site: 'Test plant', timeZone: 'Asia/Shanghai' } } });

describe.each(['pglite', 'postgres'] as const)('forks and restored databases on %s', (backendName) => {
  describe('station side', () => {
    let hub: TestHub;
    let a: TestStation;
    let ack = 0;

    beforeAll(async () => {
      a = station('ST-FORK');
      hub = await startTestHub({ backend: backendName, clock: a.clock });
      stationActivity(a).record(60);
      await enrolStation(a, hub);
      unwrap(await syncService(a, httpTransport(hub.url)).runOnce());
      ack = (await hub.api<{ stationId: string; ackSeq: number }[]>('GET', '/api/v1/admin/stations')).body.find((s) => s.stationId === a.stationId)!.ackSeq;
    }, 180_000);
    afterAll(async () => {
      await hub?.close();
      a?.cleanup();
    });

    it('A11-13 a station restored from an older copy is told from which entry on it lacks history', async () => {
      const early = copyStationDb(a);
      const earlyHead = a.ledger.head()!.seq;
      stationActivity(a).record(12);
      unwrap(await syncService(a, httpTransport(hub.url)).runOnce());
      const restored = openStationCopy(a, early);
      try {
        const r = details(await syncService(restored, httpTransport(hub.url)).runOnce());
        expect(r).toMatchObject({ code: 'STATION_FORKED', seq: earlyHead + 1, localHeadSeq: earlyHead });
        expect(r!.message).toContain(`lacks entries from ${earlyHead + 1} on`);
      } finally {
        restored.close();
      }
      ack = a.ledger.head()!.seq;
    });

    it('P11-02 a history rewritten after acknowledgement is reported as a fork at the first entry that differs', async () => {
      const victim = [...a.ledger.iterate(ack - 40, ack - 25)].find((e) => e.type === 'comment.recorded')!;
      const path = copyStationDb(a);
      tamper(path, (db) => rewriteFrom(db, victim.seq, (e) => (e.payload.text = 'nothing happened here')));
      const rewritten = openStationCopy(a, path);
      try {
        const rewrittenHash = rewritten.ledger.bySeq(victim.seq)!.hash;
        // A station whose history was rewritten under its last checkpoint refuses GMP work at
        // start (issue 10 item 4); what it can still write (an audit export) goes up with the fork.
        expect(rewritten.integrity.ok).toBe(false);
        unwrap(rewritten.ledger.append([{ type: 'audit.exported', actor: null, payload: { filter: {}, entryCount: 0, format: 'json' } }]));
        const r = details(await syncService(rewritten, httpTransport(hub.url)).runOnce());
        expect(r).toMatchObject({ code: 'STATION_FORKED', seq: victim.seq });
        const forks = (await hub.api<{ seq: number; hubHash: string; stationHash: string }[]>('GET', `/api/v1/admin/stations/${a.stationId}/forks`)).body;
        expect(forks).toEqual([expect.objectContaining({ seq: victim.seq, hubHash: victim.hash, stationHash: rewrittenHash })]);
        expect(victim.seq).toBeLessThan(ack);
      } finally {
        rewritten.close();
      }
    });
  });

  describe('hub side', () => {
    let restorable: RestorableBackend;
    let b: TestStation;
    let hub: TestHub | null = null;
    const start = async () => {
      hub = await startTestHub({ backend: restorable.backend(), clock: b.clock });
      return hub;
    };
    const stop = async () => {
      await hub?.close();
      hub = null;
    };

    beforeAll(async () => {
      restorable = await restorableBackend(backendName);
      b = station('ST-RESTORE');
    }, 180_000);
    afterAll(async () => {
      await stop();
      await restorable?.dispose();
      b?.cleanup();
    });

    it('A11-13 a hub restored from an older backup: the station notices, says so, sends again, and both sides record it', async () => {
      const first = await start();
      stationActivity(b).record(30);
      await enrolStation(b, first);
      unwrap(await syncService(b, httpTransport(first.url)).runOnce());
      const backedUpAck = b.ledger.head()!.seq;
      await stop();
      await restorable.backup();

      const second = await start();
      stationActivity(b).record(40);
      unwrap(await syncService(b, httpTransport(second.url)).runOnce());
      const countersigned = readSyncRecord(b.ledger).countersignedSize;
      expect(countersigned).toBeGreaterThan(backedUpAck);
      await stop();
      await restorable.restore();

      const third = await start();
      const service = syncService(b, httpTransport(third.url));
      const round = unwrap(await service.runOnce());
      expect(round.pushed).toBeGreaterThan(40);
      // The station's record of the event, sent to the hub with the rest.
      const noticed = b.ledger.query({ types: ['sync.hub_behind'], limit: 10 });
      expect(noticed).toHaveLength(1);
      expect(noticed[0]!.payload).toMatchObject({ hubUrl: third.url, hubAckSeq: expect.any(Number), acknowledgedSeq: countersigned, countersignedSize: countersigned });
      const hubAckBefore = (noticed[0]!.payload as { hubAckSeq: number }).hubAckSeq;
      expect(hubAckBefore).toBeLessThan(countersigned);
      expect(service.status().notice).toMatchObject({ code: 'HUB_HISTORY_LOST' });
      const held = (await third.api<{ stationId: string; ackSeq: number }[]>('GET', '/api/v1/admin/stations')).body.find((s) => s.stationId === b.stationId)!;
      expect(held.ackSeq).toBeGreaterThanOrEqual(noticed[0]!.seq);

      // The hub's record, where QA looks.
      const created = await third.api('POST', '/api/v1/admin/users', { username: 'qa.restore', printedName: 'Quinn Restore', roles: ['qa'], password: 'Quality-hub-2026!' });
      expect(created.status).toBe(201);
      const login = await third.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'qa.restore', password: 'Quality-hub-2026!' });
      const rows = (await third.api<{ action: string; subject: string; details: Record<string, unknown> }[]>('GET', '/api/v1/audit?action=sync.hub_history_lost', undefined, login.body.token)).body;
      expect(rows).toEqual([expect.objectContaining({ subject: b.stationId, details: expect.objectContaining({ hubAckSeq: hubAckBefore, acknowledgedSeq: countersigned, seq: noticed[0]!.seq }) })]);

      // Repaired: the next round notices nothing and records nothing more.
      unwrap(await syncService(b, httpTransport(third.url)).runOnce());
      expect(b.ledger.query({ types: ['sync.hub_behind'], limit: 10 })).toHaveLength(1);
    }, 180_000);
  });
});
