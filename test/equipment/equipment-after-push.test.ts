/**
 * FR-86: the push route projects equipment entries right after a push only for a page that holds
 * any (signed-entry-filter.ts). The page test must not miss one: a use, a performed signature on
 * a logbook entry in the same page, or on one stored by an earlier push (looked up in the hub's
 * ledger), and must pass over pages of other entries and other signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { pageHoldsSignedEntries } from '../../src-server/quality/projection/signed-entry-filter.ts';
import { EQUIPMENT_ENTRIES } from '../../src-server/equipment/equipment-logbook-projector.ts';
import { IPQC_ENTRIES } from '../../src-server/quality/ipqc/ipqc-projector.ts';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';

const ST = 'ST-AFTER-PUSH';
let backend: Backend;
let db: HubDb;

const entry = (seq: number, type: string, payload: Record<string, unknown> = {}) => ({ seq, type, payload });
const signature = (seq: number, targetSeq: number, meaning = 'performed') => entry(seq, 'signature.applied', { targetSeq, meaning });

beforeAll(async () => {
  backend = await makeBackend('pglite');
  db = await backend.open();
  // What earlier pushes stored: a logbook entry at 3, a weighing at 4.
  const row = (seq: number, type: string) => ({ stationId: ST, seq, hash: `h${seq}`, prevHash: `h${seq - 1}`, time: '2026-03-02T01:00:00.000Z', tzOffset: '+00:00', type, actor: null, batchRef: null, payload: {}, receivedAt: new Date() });
  await db.orm.insert(ledgerEntries).values([row(3, 'equipment.logbook_recorded'), row(4, 'weighing.recorded')]);
}, 60_000);

afterAll(async () => {
  await backend?.dispose();
});

describe('a pushed page and the equipment projection (FR-86)', () => {
  const holds = (entries: ReturnType<typeof entry>[], f = EQUIPMENT_ENTRIES) => pageHoldsSignedEntries(db.orm, ST, f, entries);

  it('FR-86 a page with a use, or with a performed signature on a logbook entry in the page or stored before it, is projected at once', async () => {
    expect(await holds([entry(10, 'weighing.recorded'), entry(11, 'equipment.used')])).toBe(true);
    expect(await holds([entry(10, 'equipment.logbook_recorded'), signature(11, 10)])).toBe(true);
    // The signature's target came in an earlier push: found in the hub's ledger.
    expect(await holds([entry(10, 'weighing.recorded'), signature(11, 3)])).toBe(true);
    // A target the hub cannot place is not taken for something else.
    expect(await holds([signature(11, 'x' as unknown as number)])).toBe(true);
  });

  it('FR-86 a page of other entries, of signatures on other records, or of logbook signatures that are not "performed", moves nothing', async () => {
    expect(await holds([entry(10, 'weighing.recorded'), entry(11, 'step.completed')])).toBe(false);
    expect(await holds([entry(10, 'weighing.recorded'), signature(11, 10), signature(12, 4)])).toBe(false);
    expect(await holds([entry(10, 'equipment.logbook_recorded'), signature(11, 10, 'verified'), signature(12, 3, 'verified')])).toBe(false);
    // A logbook entry alone counts from its performed signature, not before.
    expect(await holds([entry(10, 'equipment.logbook_recorded')])).toBe(false);
    // Another station's logbook entry at the same seq is not this station's.
    expect(await pageHoldsSignedEntries(db.orm, 'ST-OTHER', EQUIPMENT_ENTRIES, [signature(11, 3)])).toBe(false);
  });

  it('FR-86 the IPQC projector reads through the same filter: results and alerts, and performed signatures on results only', async () => {
    expect(await holds([entry(10, 'ipqc.alert_raised')], IPQC_ENTRIES)).toBe(true);
    expect(await holds([entry(10, 'ipqc.result_recorded'), signature(11, 10)], IPQC_ENTRIES)).toBe(true);
    expect(await holds([entry(10, 'equipment.used'), signature(11, 3)], IPQC_ENTRIES)).toBe(false);
  });
});
