/**
 * Trusted time, wired (issue 10 item 3): at every sync the station compares its clock with the
 * time the hub signed into its answer. Attack 1 of COMPLIANCE.md §6 from the station's seat:
 * the hub's clock is the reference here (its own fixed clock, moved independently of the
 * station's), so a station clock that falls behind or runs ahead is caught at the next sync.
 * Rows A11-22 (trustworthy time) and DI-03 (contemporaneous).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import { fixedClock } from '../../src-core/clock.ts';
import { SYNC_HEADERS } from '../../src-core/sync/request-signature.ts';
import { ok, unwrap } from '../../src-shared/result.ts';
import { httpTransport, type HubTransport } from '../../src-main/sync/hub-transport.ts';
import { makeTestStation, T0, type TestStation } from '../fakes/test-station.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { changeSetting } from '../fakes/change-setting.ts';

const comment = (actor: string, text: string) => [{ type: 'comment.recorded', actor, batchRef: 'B-1', payload: { text } }];

describe('trusted time at sync', () => {
  let hub: TestHub;
  let t: TestStation;
  const hubClock = fixedClock(T0);
  let transport: HubTransport;

  beforeAll(async () => {
    t = makeTestStation({ config: { checkpointEvery: 1000 } });
    hub = await startTestHub({ backend: 'pglite', clock: hubClock });
    transport = httpTransport(hub.url);
    await enrolStation(t, hub, transport);
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
  });

  const untrusted = () => t.ledger.query({ types: ['station.time_untrusted'], limit: 1000 });
  const trustedAgain = () => t.ledger.query({ types: ['station.time_trusted'], limit: 1000 });
  /** Both clocks move on together, as real time does. */
  const tick = (ms: number) => {
    t.clock.advance(ms);
    hubClock.advance(ms);
  };

  it('A11-22 DI-03 clocks that agree stay trusted through a sync', async () => {
    tick(1_000);
    const sync = syncService(t, transport);
    unwrap(await sync.runOnce());
    expect(sync.status().time).toMatchObject({ trusted: true, driftSeconds: 0 });
    expect(untrusted()).toHaveLength(0);
  });

  it('A11-22 DI-03 a station clock two minutes behind the hub is caught at the next sync: recorded, GMP work blocked, shown; trusted again once corrected', async () => {
    tick(1_000);
    hubClock.advance(120_000); // the station clock is now two minutes slow
    const sync = syncService(t, transport);
    // Within the hub's request window, so the sync itself goes through.
    unwrap(await sync.runOnce());
    const [recorded] = untrusted();
    expect(recorded?.payload).toMatchObject({ driftSeconds: -120, maxDriftSeconds: 60, policy: 'block', hubTime: hubClock.now().toISOString() });
    expect(sync.status().time).toEqual({ trusted: false, policy: 'block', driftSeconds: -120 });
    expect(t.timeTrust.blocked()?.code).toBe('STATION_TIME_UNTRUSTED');
    const refused = t.ledger.append(comment(t.userId('op.li'), 'weighed while the clock is slow'));
    expect(!refused.ok && refused.error.code).toBe('STATION_TIME_UNTRUSTED');
    // The record of the untrusted period reached the hub with the same sync.
    const pushed = await hub.hub.db.orm.select({ seq: ledgerEntries.seq }).from(ledgerEntries).where(and(eq(ledgerEntries.stationId, t.stationId), eq(ledgerEntries.type, 'station.time_untrusted')));
    expect(pushed).toHaveLength(1);

    // IT corrects the station clock: the next sync records that and work goes on.
    t.clock.set(hubClock.now());
    tick(1_000);
    unwrap(await sync.runOnce());
    expect(trustedAgain()).toHaveLength(1);
    expect(trustedAgain()[0]!.payload).toMatchObject({ driftSeconds: 0 });
    expect(sync.status().time?.trusted).toBe(true);
    expect(t.ledger.append(comment(t.userId('op.li'), 'weighed after the correction')).ok).toBe(true);
  });

  it('A11-22 a station clock an hour behind is refused by the hub, and that signed refusal is enough to stop GMP work', async () => {
    tick(1_000);
    hubClock.advance(3_600_000);
    const sync = syncService(t, transport);
    const r = await sync.runOnce();
    expect(!r.ok && r.error.code).toBe('REQUEST_CLOCK_SKEW');
    expect(untrusted()).toHaveLength(2);
    expect(untrusted()[1]!.payload).toMatchObject({ driftSeconds: -3600 });
    expect(t.timeTrust.blocked()?.code).toBe('STATION_TIME_UNTRUSTED');
    t.clock.set(hubClock.now());
    unwrap(await sync.runOnce());
    expect(t.timeTrust.state().trusted).toBe(true);
  });

  it('A11-22 a hub time changed on the way (a proxy) is not believed: the answer fails its signature and the clock state is untouched', async () => {
    tick(1_000);
    const faking: HubTransport = {
      baseUrl: transport.baseUrl,
      async request(req) {
        const res = await transport.request(req);
        if (!res.ok) return res;
        const fake = new Date(Date.parse(res.value.headers[SYNC_HEADERS.hubTime]!) + 3_600_000).toISOString();
        return ok({ ...res.value, headers: { ...res.value.headers, [SYNC_HEADERS.hubTime]: fake } });
      },
    };
    const before = untrusted().length;
    const r = await syncService(t, faking).runOnce();
    expect(!r.ok && r.error.code).toBe('HUB_RESPONSE_INVALID');
    expect(untrusted()).toHaveLength(before);
    expect(t.timeTrust.state().trusted).toBe(true);
  });

  it('A11-22 with policy "record and flag" a slow clock is recorded and shown, and work goes on', async () => {
    tick(1_000);
    const { SettingsService } = await import('../../src-main/core/settings/settings-service.ts');
    changeSetting(t, 'time', { maxDriftSeconds: 30, untrustedPolicy: 'flag' }, 'site SOP: record and flag', new SettingsService(t.ledger));
    hubClock.advance(45_000);
    const sync = syncService(t, transport);
    unwrap(await sync.runOnce());
    expect(sync.status().time).toEqual({ trusted: false, policy: 'flag', driftSeconds: -45 });
    expect(untrusted().at(-1)!.payload).toMatchObject({ policy: 'flag', driftSeconds: -45 });
    expect(t.ledger.append(comment(t.userId('op.li'), 'weighed, flagged')).ok).toBe(true);
  });
});
