/**
 * Kit assembly (issue 17 item 4): every dispensed container of the order scanned from its
 * label; a container of another order, one scanned twice or one not dispensed is refused and
 * the attempt recorded; the kit is staged only when complete and handed over with a signature
 * that the receiver co-signs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { containerScanOf } from '../../src-renderer/scanner/container-scan.ts';
import { layoutDispensedLabel } from '../../src-main/devices/label/label-layout.ts';
import { containerLabel } from '../../src-main/dispensing/zpl-label-port.ts';
import { encodeElementString } from '../../src-shared/gs1/encode-element-string.ts';
import { labelElements } from '../../src-main/devices/label/label-gs1.ts';
import type { DispensingStation } from '../fakes/dispensing-station.ts';
import { exec, expectRefused, OPERATOR, refusalsOf, signAs, SUPERVISOR, view } from './engine-test-kit.ts';
import { kitStation, orderAt, scanOf } from './kit-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());

const B = 'B-KIT-1';
const OTHER = 'B-KIT-2';

describe('kit assembly', () => {
  it('FR-23 a kit is complete only when every dispensed container of every line is scanned; other-order, duplicate and undispensed scans are refused and recorded', async () => {
    d = await kitStation();
    const s = d.login('op.li');
    await orderAt(d, OTHER, 'S40', s);
    await orderAt(d, B, 'S40', s);
    const kit = view(d, B).current!.kit!;
    expect(kit.containers.map((c) => c.lineId).sort()).toEqual(expect.arrayContaining(['L10', 'L30']));
    expect(kit.containers.every((c) => !c.done && /^DC-\d+$/.test(c.containerId))).toBe(true);
    const [first, ...rest] = kit.containers;
    const foreign = view(d, OTHER).current!.kit!.containers[0]!.containerId;
    const before = d.station.ledger.query({ batchRef: B, types: ['kit.container_scanned'] }).length;

    expectRefused(await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf(foreign) }), 'KIT_CONTAINER_OTHER_BATCH');
    expectRefused(await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf('C-PARA-0002') }), 'KIT_CONTAINER_NOT_DISPENSED');
    expect((await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf(first!.containerId) })).ok).toBe(true);
    expectRefused(await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf(first!.containerId) }), 'KIT_CONTAINER_DUPLICATE');
    // Not complete: staging is refused and names what is missing.
    const early = await exec(d, s, B, { type: 'stage-kit', stepId: 'S40', location: 'STAGE-01' });
    expectRefused(early, 'KIT_INCOMPLETE');
    expect(!early.ok && early.error.details?.missing).toEqual(rest.map((c) => c.containerId));
    expectRefused(await exec(d, s, B, { type: 'hand-over-kit', stepId: 'S40', ...OPERATOR }), 'KIT_NOT_STAGED');
    // Refusals changed nothing but are recorded.
    expect(d.station.ledger.query({ batchRef: B, types: ['kit.container_scanned'] })).toHaveLength(before + 1);
    expect(refusalsOf(d, B).map((r) => [r.command, r.code])).toEqual([
      ['kit-scan', 'KIT_CONTAINER_OTHER_BATCH'],
      ['kit-scan', 'KIT_CONTAINER_NOT_DISPENSED'],
      ['kit-scan', 'KIT_CONTAINER_DUPLICATE'],
      ['stage-kit', 'KIT_INCOMPLETE'],
      ['hand-over-kit', 'KIT_NOT_STAGED'],
    ]);
    for (const c of rest) expect((await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf(c.containerId) })).ok).toBe(true);
    expect(view(d, B).current!.kit!.containers.every((c) => c.done)).toBe(true);
    expect((await exec(d, s, B, { type: 'stage-kit', stepId: 'S40', location: 'STAGE-01' })).ok).toBe(true);
    expectRefused(await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf(first!.containerId) }), 'STEP_OUT_OF_SEQUENCE');
  });

  it('FR-24 the hand-over is signed by the giver and co-signed by the receiver; the record shows kit, staging and hand-over in both languages', async () => {
    d = await kitStation();
    const s = d.login('op.li');
    await orderAt(d, B, 'S40', s);
    for (const c of view(d, B).current!.kit!.containers) expect((await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scanOf(c.containerId) })).ok).toBe(true);
    expect((await exec(d, s, B, { type: 'stage-kit', stepId: 'S40', location: 'STAGE-01' })).ok).toBe(true);
    // Another person cannot sign the giver's hand-over as performed.
    expectRefused(await exec(d, s, B, { type: 'hand-over-kit', stepId: 'S40', ...SUPERVISOR }), 'SIGNATURE_NOT_PERFORMER');
    const handed = await exec(d, s, B, { type: 'hand-over-kit', stepId: 'S40', ...OPERATOR });
    expect(handed.ok && handed.value.appended.map((a) => a.type)).toEqual(['kit.handed_over', 'signature.applied']);
    expect(view(d, B).current).toMatchObject({ stepId: 'S40', phase: 'need-signatures' });
    // The giver cannot witness their own hand-over; the receiver co-signs and the step completes.
    expectRefused(await exec(d, s, B, signAs('witnessed', OPERATOR)), 'SIGNATURE_SAME_USER');
    expect((await exec(d, s, B, signAs('witnessed', SUPERVISOR))).ok).toBe(true);
    expect(view(d, B).current?.stepId).toBe('S41');

    const rec = buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });
    const kitStep = rec.steps.find((x) => x.stepId === 'S40')!;
    const types = kitStep.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['kit.container_scanned', 'kit.staged', 'kit.handed_over']));
    const staged = kitStep.events.find((e) => e.type === 'kit.staged')!;
    expect(renderRecordLine(describeEntry(staged.type, staged.data), 'en')).toMatch(/^Kit of \d+ container\(s\) staged at STAGE-01$/);
    expect(renderRecordLine(describeEntry(staged.type, staged.data), 'zh-CN')).toMatch(/^配料套件（\d+ 个容器）已暂存于 STAGE-01$/);
    const handedOver = d.station.ledger.query({ batchRef: B, types: ['kit.handed_over'] })[0]!;
    const sigs = d.station.ledger.query({ batchRef: B, types: ['signature.applied'] }).filter((e) => (e.payload as { targetSeq: number }).targetSeq === handedOver.seq);
    expect(sigs.map((e) => (e.payload as { meaning: string }).meaning)).toEqual(['performed', 'witnessed']);
  });

  it('FR-23 the dispensed container label carries the kit id as GS1 AI 21, and a scan of it names that container', async () => {
    d = await kitStation();
    await orderAt(d, B, 'S40');
    const printed = d.station.ledger.query({ batchRef: B, types: ['label.printed'] }).find((e) => (e.payload as { stepId: string }).stepId === 'S25')!;
    const labels = (printed.payload as { labels: Record<string, string | number | null>[] }).labels;
    const povidone = view(d, B).current!.kit!.containers.filter((c) => c.lineId === 'L30');
    expect(labels.map((l) => l.dispensedContainerId)).toEqual(povidone.map((c) => c.containerId));
    const label = containerLabel(labels[0]!);
    expect(layoutDispensedLabel(label).ok).toBe(true);
    const enc = encodeElementString(labelElements(label));
    expect(enc.ok).toBe(true);
    if (!enc.ok) return;
    const scan = containerScanOf(']d2' + enc.value.raw);
    expect(scan.ok && scan.value.containerId).toBe(povidone[0]!.containerId);
    const s = d.login('op.li');
    const r = await exec(d, s, B, { type: 'kit-scan', stepId: 'S40', scan: scan.ok ? scan.value : scanOf('') });
    expect(r.ok).toBe(true);
    const scanned = d.station.ledger.query({ batchRef: B, types: ['kit.container_scanned'] })[0]!;
    expect(scanned.payload).toMatchObject({ containerId: povidone[0]!.containerId, lineId: 'L30', materialCode: 'EXC-PVP', raw: scan.ok ? scan.value.raw : '' });
  });
});
