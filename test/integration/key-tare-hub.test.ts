/**
 * FR-142 at the hub: a station's `balance.tare_changed` entry (a tare or zero made on the
 * balance's own keys, caught at capture) is accepted by the hub's intake, which checks every
 * entry's type and payload against the shared schemas, and stored as the station signed it.
 */
import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestStation } from '../fakes/test-station.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';

const reading = (amount: string, raw: string) => ({ mass: { amount, unit: 'g' }, stable: true, raw });

it('FR-142 FR-08 the hub accepts a pushed balance.tare_changed entry (its intake verifies the new type) and stores it as signed', async () => {
  // A production station (the dispensing fake is a training ledger, which the hub refuses as GMP data).
  const t = makeTestStation();
  let hub: TestHub | undefined;
  try {
    const actor = t.userId('op.li');
    const [changed] = unwrap(
      t.ledger.append([
        {
          type: 'balance.tare_changed',
          actor,
          batchRef: 'B-HUB-142',
          payload: {
            stepId: 'S21',
            stepIndex: 3,
            lineId: 'L20',
            balanceId: 'BAL-A01',
            tareSeq: 1,
            detectedBy: ['tare-query', 'stream'],
            change: 'tare',
            recordedTare: reading('50.0000', 'TA A    50.0000 g'),
            balanceTare: reading('56.0000', 'TA A    56.0000 g'),
            seen: [{ before: reading('6.0000', 'S S     6.0000 g'), after: reading('0.0000', 'S S     0.0000 g') }],
            reading: reading('80.0000', 'S S    80.0000 g'),
          },
        },
      ]),
    );
    hub = await startTestHub({ backend: 'pglite', clock: t.clock });
    const transport = httpTransport(hub.url);
    await enrolStation(t, hub, transport);
    const sync = syncService(t, transport);
    unwrap(await sync.runOnce());
    unwrap(await sync.runOnce());
    const stored = await hub.hub.db.orm.select({ seq: ledgerEntries.seq, type: ledgerEntries.type, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
    expect(stored.find((x) => x.seq === changed!.seq)).toEqual({ seq: changed!.seq, type: 'balance.tare_changed', hash: changed!.hash });
  } finally {
    await hub?.close();
    t.cleanup();
  }
}, 180_000);
