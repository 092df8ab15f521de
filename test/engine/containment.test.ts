/**
 * Containment (issue 17 item 8): magnesium stearate (S24, line L60) given an occupational
 * exposure band. The booth must be of that containment class, and the operator confirms and
 * signs the band's PPE checklist before the first weighing of the material in the order.
 */
import { afterEach, expect, it } from 'vitest';
import { ppeChecklist } from '../../src-shared/dispensary/ppe-checklist.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_BOOTH, DEMO_PASSWORD, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo, view, weighPortion } from './engine-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());
const B = 'B-OEB-1';
const scan = { type: 'scan-container', stepId: 'S24', scan: { containerId: 'C-MGST-0001' } } as const;
/** Withdraws one optional field of a master-data object (a new version without it). */
function drop(kind: 'material' | 'booth', key: string, field: string): void {
  const o = d.station.masterData.reader.get(kind, key)!;
  const data = { ...(o.data as Record<string, unknown>) };
  delete data[field];
  d.applyMasterData([{ kind, key, version: o.version + 1, data: data as never }]);
}
const ppeEntries = () => d.station.ledger.query({ batchRef: B, types: ['ppe.checklist_confirmed'] });

async function atS24(level: number, boothClass?: number): Promise<string> {
  d = await makeDispensingStation();
  d.revise('material', 'EXC-MGST', { containmentLevel: level });
  if (boothClass !== undefined) d.revise('booth', DEMO_BOOTH, { containmentClass: boothClass });
  d.importOrder(B);
  await runTo(d, B, at('S24', 'need-container'));
  return d.login('op.li');
}

it('FR-35 an OEB 4 material in a class 3 booth is refused at the first scan, naming both', async () => {
  const s = await atS24(4, 3);
  const r = await exec(d, s, B, scan);
  expectRefused(r, 'BOOTH_CONTAINMENT_INSUFFICIENT');
  expect(r.ok ? null : r.error.details).toEqual({ materialCode: 'EXC-MGST', containmentLevel: 4, boothId: DEMO_BOOTH, boothClass: 3 });
  expect(r.ok ? '' : r.error.message).toMatch(/EXC-MGST is OEB 4; booth BOOTH-1 contains only up to class 3/);
  // The checklist cannot be signed in the wrong booth either; a booth without a class is class 1.
  const items = ppeChecklist(4).map((i) => i.itemId);
  expectRefused(await exec(d, s, B, { type: 'confirm-ppe', stepId: 'S24', items, username: 'op.li', password: DEMO_PASSWORD }), 'BOOTH_CONTAINMENT_INSUFFICIENT');
  drop('booth', DEMO_BOOTH, 'containmentClass');
  expect((await exec(d, s, B, scan)).ok ? null : 'refused').toBe('refused');
  expect(d.station.ledger.query({ batchRef: B, types: ['engine.command_refused'] }).map((e) => (e.payload as { code: string }).code).filter((c) => c === 'BOOTH_CONTAINMENT_INSUFFICIENT')).toHaveLength(3);
  expect(d.station.ledger.query({ batchRef: B, types: ['dispense.container_scanned'] }).filter((e) => (e.payload as { lineId: string }).lineId === 'L60')).toHaveLength(0);
});

it('FR-36 the PPE checklist of the band is confirmed item by item and signed before the first weighing, and the record shows it in both languages', async () => {
  const s = await atS24(3, 4);
  const gate = await exec(d, s, B, scan);
  expectRefused(gate, 'PPE_CHECKLIST_REQUIRED');
  const items = ppeChecklist(3).map((i) => i.itemId);
  expect(gate.ok ? null : gate.error.details?.items).toEqual(items);
  const w = view(d, B).current!;
  expect(w.allowed).toContain('confirm-ppe');
  expect(w.weigh!.containment).toMatchObject({ level: 3, boothClass: 4, confirmed: false });
  expect(w.weigh!.containment!.items.map((i) => i.text['zh-CN'])).toContain('FFP3 口罩，已做密合性检查');

  // Every item of the band, none missing; a wrong password records nothing that counts.
  expectRefused(await exec(d, s, B, { type: 'confirm-ppe', stepId: 'S24', items: items.slice(1), username: 'op.li', password: DEMO_PASSWORD }), 'CHECKLIST_INCOMPLETE');
  expectRefused(await exec(d, s, B, { type: 'confirm-ppe', stepId: 'S24', items, username: 'op.li', password: 'not-the-password' }), 'SIGNATURE_PASSWORD_INVALID');
  expectRefused(await exec(d, s, B, scan), 'PPE_CHECKLIST_REQUIRED');
  // The retry signs the checklist already recorded instead of recording it twice.
  unwrap(await exec(d, s, B, { type: 'confirm-ppe', stepId: 'S24', items, username: 'op.li', password: DEMO_PASSWORD }));
  expect(ppeEntries()).toHaveLength(1);
  const signed = d.station.ledger.query({ batchRef: B, types: ['signature.applied'] }).filter((e) => (e.payload as { targetSeq: number }).targetSeq === ppeEntries()[0]!.seq);
  expect(signed.map((e) => (e.payload as { meaning: string }).meaning)).toEqual(['performed']);
  expect(view(d, B).current!.weigh!.containment!.confirmed).toBe(true);
  expect(view(d, B).current!.allowed).not.toContain('confirm-ppe');

  expect((await weighPortion(d, s, B, 'S24', { containerId: 'C-MGST-0001', balanceId: 'BAL-P01', grams: '20.00' })).ok).toBe(true);
  const e = ppeEntries()[0]!;
  expect(e.payload).toMatchObject({ materialCode: 'EXC-MGST', containmentLevel: 3, boothId: DEMO_BOOTH, boothClass: 4 });
  const line = describeEntry(e.type, e.payload);
  expect(renderRecordLine(line, 'en')).toBe(`PPE checklist for EXC-MGST (OEB 3) confirmed in ${DEMO_BOOTH} (containment class 4): ${items.join(', ')}`);
  expect(renderRecordLine(line, 'zh-CN')).toBe(`已在 ${DEMO_BOOTH}（隔离等级 4）确认 EXC-MGST（OEB 3）的个人防护装备检查表：${items.join(', ')}`);
});

it('FR-36 a material without a band needs no checklist', async () => {
  const s = await atS24(2, 2);
  drop('material', 'EXC-MGST', 'containmentLevel');
  expectRefused(await exec(d, s, B, { type: 'confirm-ppe', stepId: 'S24', items: [], username: 'op.li', password: DEMO_PASSWORD }), 'PPE_NOT_REQUIRED');
  expect((await exec(d, s, B, scan)).ok).toBe(true);
  expect(view(d, B).current!.weigh!.containment).toBeNull();
});
