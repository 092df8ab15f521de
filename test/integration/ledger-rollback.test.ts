/**
 * FR-137, from the seat of IT or an attacker: in-memory state never runs ahead of a rolled-back
 * transaction. better-sqlite3 nests a transaction inside an outer one of the same connection as
 * a savepoint and has no rollback hook, so an append that returned inside an outer transaction
 * which then threw left the station's Merkle tree (and its checkpoint size) holding entries the
 * ledger does not hold: the next checkpoint signed a wrong size and root, which `verify`, a
 * restart and the hub all refuse. Each test below failed before the fix (see the FR-137 row).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, makeTestStation, reopen, type TestStation } from '../fakes/test-station.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { treeHead } from '../../src-core/ledger/merkle-tree.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { Station } from '../../src-main/compose.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { runTo, view } from '../engine/engine-test-kit.ts';

const EVERY = 5;

function note(s: Station, text: string) {
  return unwrap(s.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: null, payload: { text } }]));
}

/** An outer transaction of the station's own connection that appends `n` entries and then fails. */
function rolledBack(s: Station, n: number, then?: () => void): void {
  expect(() =>
    s.db.sqlite.transaction(() => {
      for (let i = 0; i < n; i++) note(s, `rolled back ${i}`);
      then?.();
      throw new Error('the outer transaction fails after the appends returned');
    })(),
  ).toThrow('outer transaction fails');
}

/** Every checkpoint's size and root as a fresh rebuild from the stored entries gives them, and `verify`. */
function expectSound(s: Station): void {
  const hashes = [...s.ledger.iterate()].map((e) => Buffer.from(e.hash, 'hex'));
  const cps = s.ledger.checkpoints();
  expect(cps.length).toBeGreaterThan(0);
  for (const c of cps) {
    expect(c.treeSize).toBeLessThanOrEqual(hashes.length);
    expect(c.rootHash, `checkpoint at ${c.treeSize}`).toBe(treeHead(hashes.slice(0, c.treeSize)).root.toString('hex'));
  }
  const verified = verifyLedger({ entries: s.ledger.iterate(), checkpoints: s.ledger.checkpoints() });
  expect(verified.ok ? 'ok' : verified.error).toBe('ok');
}

describe('FR-137 in-memory state never runs ahead of a rolled-back transaction', () => {
  let t: TestStation | undefined;
  let again: Station | undefined;
  let hub: TestHub | undefined;
  afterEach(async () => {
    again?.close();
    again = undefined;
    t?.cleanup();
    t = undefined;
    await hub?.close();
    hub = undefined;
  });

  it('FR-137 an append inside an outer transaction that throws: later appends, checkpoints, verify and a restart agree with a fresh rebuild', () => {
    t = makeTestStation({ config: { checkpointEvery: EVERY } });
    const before = t.ledger.count();
    // Crosses a checkpoint boundary inside the rolled-back transaction: the checkpoint goes too.
    rolledBack(t, EVERY + 2);
    expect(t.ledger.count()).toBe(before);
    for (let i = 0; i < 2 * EVERY + 1; i++) note(t, `after ${i}`);
    unwrap(t.ledger.checkpointNow());
    expect(t.ledger.checkpoints().at(-1)!.treeSize).toBe(t.ledger.count());
    expectSound(t);

    t.close();
    again = reopen(t);
    expect(again.integrity.ok ? 'ok' : again.integrity).toBe('ok');
    for (let i = 0; i < EVERY; i++) note(again, `after restart ${i}`);
    unwrap(again.ledger.checkpointNow());
    expectSound(again);
  });

  it('FR-137 a checkpoint written inside an outer transaction that rolls back does not count: the next run of entries still gets its checkpoint', () => {
    t = makeTestStation({ config: { checkpointEvery: EVERY } });
    do note(t, 'past the last checkpoint');
    while (t.ledger.checkpoints().at(-1)!.treeSize === t.ledger.count());
    rolledBack(t, 0, () => expect(unwrap(t!.ledger.checkpointNow())?.treeSize).toBe(t!.ledger.count()));
    for (let i = 0; i < 2 * EVERY; i++) note(t, `after ${i}`);
    expectSound(t);
  });

  it('FR-137 a trusted clock recorded inside an outer transaction that rolls back is untrusted again: GMP work stays blocked as the ledger says', () => {
    t = makeTestStation({ config: { checkpointEvery: EVERY } });
    const now = t.clock.now();
    expect(t.timeTrust.compare(new Date(now.getTime() - 3_600_000)).trusted).toBe(false);
    expect(t.timeTrust.blocked()?.code).toBe('STATION_TIME_UNTRUSTED');
    expect(() =>
      t!.db.sqlite.transaction(() => {
        expect(t!.timeTrust.compare(now).trusted).toBe(true);
        throw new Error('the outer transaction fails after the clock was recorded trusted');
      })(),
    ).toThrow('outer transaction fails');
    expect(t.ledger.query({ types: ['station.time_untrusted', 'station.time_trusted'] }).at(-1)?.type).toBe('station.time_untrusted');
    expect(t.timeTrust.state().trusted).toBe(false);
    expect(t.timeTrust.blocked()?.code).toBe('STATION_TIME_UNTRUSTED');
    // The next comparison within the limit records it trusted, for good.
    expect(t.timeTrust.compare(now).trusted).toBe(true);
    expect(t.ledger.query({ types: ['station.time_untrusted', 'station.time_trusted'] }).at(-1)?.type).toBe('station.time_trusted');
    expect(t.timeTrust.blocked()).toBeNull();
  });

  it('FR-137 a login, or a first signature, inside an outer transaction that rolls back leaves no session and no "already signed" behind', () => {
    t = makeTestStation({ config: { checkpointEvery: EVERY } });
    let ghost = '';
    expect(() =>
      t!.db.sqlite.transaction(() => {
        ghost = unwrap(t!.auth.login('op.li', DEMO_PASSWORD)).sessionId;
        throw new Error('the outer transaction fails after the login');
      })(),
    ).toThrow('outer transaction fails');
    expect(t.auth.require(ghost).ok ? 'a session with no login recorded' : 'refused').toBe('refused');

    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const seq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: 'B-1', payload: { text: 'blend 12 min' } }]))[0]!.seq;
    expect(() =>
      t!.db.sqlite.transaction(() => {
        unwrap(t!.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
        throw new Error('the outer transaction fails after the first signature');
      })(),
    ).toThrow('outer transaction fails');
    expect(t.ledger.query({ types: ['signature.applied'], batchRef: 'B-1' })).toEqual([]);
    // 11.200(a)(1): with no first signature recorded, the password alone does not sign.
    const second = t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'performed', password: DEMO_PASSWORD });
    expect(second.ok ? 'signed with the password alone' : 'refused').toBe('refused');
    expect(t.ledger.query({ types: ['signature.applied'], batchRef: 'B-1' })).toEqual([]);
  });

  it('FR-137 rolled-back appends, then a sync to a hub: the hub accepts every page and countersigns the station root', async () => {
    t = makeTestStation({ config: { checkpointEvery: EVERY } });
    hub = await startTestHub({ backend: 'pglite', clock: t.clock });
    const transport = httpTransport(hub.url);
    await enrolStation(t, hub, transport);
    const sync = syncService(t, transport);
    unwrap(await sync.runOnce());
    rolledBack(t, EVERY - 1);
    for (let i = 0; i < EVERY + 3; i++) note(t, `after ${i}`);
    rolledBack(t, 3);
    unwrap(t.ledger.checkpointNow());
    expectSound(t);
    const round = await sync.runOnce();
    expect(round.ok ? 'ok' : round.error).toBe('ok');
    expect(sync.status().hubAckSeq).toBe(t.ledger.count());
    const last = t.ledger.checkpoints().at(-1)!;
    expect(sync.status().countersignedSize).toBe(last.treeSize);
  }, 180_000);
});

describe('FR-137 the engine\'s order states never run ahead of a rolled-back transaction', () => {
  let d: DispensingStation | undefined;
  afterEach(() => {
    d?.close();
    d = undefined;
  });

  it('FR-137 an order state read inside an outer transaction that rolls back is folded afresh; the order goes on as a restart folds it', async () => {
    const B = 'B-ROLLBACK-1';
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, (v) => v.status === 'in-progress');
    const before = view(d, B);
    expect(() =>
      d!.station.db.sqlite.transaction(() => {
        unwrap(d!.station.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: B, payload: { text: 'rolled back with the outer transaction' } }]));
        expect(view(d!, B).lastSeq).toBeGreaterThan(before.lastSeq);
        throw new Error('the outer transaction fails after the engine read the order');
      })(),
    ).toThrow('outer transaction fails');
    expect(view(d, B)).toEqual(before);
    await runTo(d, B, (v) => v.lastSeq > before.lastSeq + 3);
    const live = view(d, B);
    d.restart();
    expect(view(d, B)).toEqual(live);
  });
});
