/**
 * FR-142 at the hub: a station's `balance.tare_changed` entry (a tare or zero made on the
 * balance's own keys, caught at capture) is accepted by the hub's intake, which checks every
 * entry's type and payload against the shared schemas, and stored as the station signed it.
 */
import { expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestStation } from '../fakes/test-station.ts';
import { storedAtHub } from '../hub/support/enrol.ts';

const reading = (amount: string, raw: string) => ({ mass: { amount, unit: 'g' }, stable: true, raw });

it('FR-142 FR-08 the hub accepts a pushed balance.tare_changed entry (its intake verifies the new type) and stores it as signed', async () => {
  // A production station (the dispensing fake is a training ledger, which the hub refuses as GMP data).
  const t = makeTestStation();
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
    const stored = await storedAtHub(t);
    expect(stored.find((x) => x.seq === changed!.seq)).toEqual({ seq: changed!.seq, type: 'balance.tare_changed', hash: changed!.hash });
  } finally {
    t.cleanup();
  }
}, 180_000);

it('FR-154 FR-08 the hub accepts a pushed balance.tare_cleared entry (the station cleared a tare and zeroed, booth-level) and stores it as signed', async () => {
  const t = makeTestStation();
  try {
    const actor = t.userId('op.li');
    const [cleared] = unwrap(
      t.ledger.append([
        {
          type: 'balance.tare_cleared',
          actor,
          batchRef: null,
          payload: {
            balanceId: 'BAL-P01',
            commands: ['tare-clear', 'zero'],
            before: { by: ['tare-query', 'stream'], tare: reading('0.00', 'TA A      0.00 g'), keyPresses: [{ before: reading('300.00', 'S S    300.00 g'), after: reading('0.00', 'S S      0.00 g') }] },
            after: { by: ['tare-query', 'stream'], tare: reading('0.00', 'TA A      0.00 g') },
          },
        },
      ]),
    );
    const stored = await storedAtHub(t);
    expect(stored.find((x) => x.seq === cleared!.seq)).toEqual({ seq: cleared!.seq, type: 'balance.tare_cleared', hash: cleared!.hash });
  } finally {
    t.cleanup();
  }
}, 180_000);
