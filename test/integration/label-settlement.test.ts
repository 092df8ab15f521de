/**
 * FR-141, settling a print whose outcome is unknown, at the station (EU GMP Ch. 5.41–5.44 label
 * reconciliation; 21 CFR 11.50/11.70 co-signature): the operator checks the printer and says
 * what came out — the labels are applied, were destroyed (counted), or none came out — and a
 * supervisor co-signs it "verified". Until then the step does not print over it. A raw TCP
 * printer counts as printed only when its host status (~HS) says so; a training preview
 * announces no print at all.
 */
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { reconcileLabels } from '../../src-core/order/label-ledger.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { replayBatch } from '../../src-main/core/engine/replay.ts';
import type { LabelContent, LabelPort, LabelReceipt } from '../../src-main/core/engine/label-port.ts';
import { TcpLabelTransport } from '../../src-main/devices/label/label-transport.ts';
import { zplLabelPort } from '../../src-main/dispensing/zpl-label-port.ts';
import type { NewEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { PrinterSetting } from '../../src-shared/settings/station-settings.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import { DEMO_PASSWORD, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { fakeLabelPrinter, type FakeLabelPrinter } from '../fakes/fake-label-printer.ts';
import { makeTestStation } from '../fakes/test-station.ts';
import { at, exec, runTo, view } from '../engine/engine-test-kit.ts';
import { makeTestApi } from '../fakes/test-api.ts';
import { demoMasterData } from '../../src-main/demo/demo-master-data.ts';
import { demoSchedule } from '../../src-main/demo/seed-dispensing.ts';
import { parseOrderFile } from '../../src-main/core/orders/order-import.ts';
import { storedAtHub } from '../hub/support/enrol.ts';
import { g, orderAtEnd, weighBack } from '../engine/returns-kit.ts';

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);
const B = 'B-FR141-1';
let d: DispensingStation | undefined;
let printer: FakeLabelPrinter | undefined;
afterEach(async () => {
  d?.close();
  d = undefined;
  await printer?.close();
  printer = undefined;
});

/** A printer the test watches: every job it was sent. */
function countingPrinter(): LabelPort & { jobs: LabelContent[][] } {
  const port = {
    jobs: [] as LabelContent[][],
    async print(labels: readonly LabelContent[]): Promise<Result<LabelReceipt>> {
      port.jobs.push([...labels]);
      return ok({ printerId: 'PRN-T', printerAddress: 'tcp://127.0.0.1:9100', jobId: createHash('sha256').update(JSON.stringify(labels)).digest('hex'), confirmation: 'status' });
    },
  };
  return port;
}
const gate = (dd: DispensingStation, ...types: string[]) => dd.station.ledger.setGate((entries: readonly NewEntry[]) => (entries.some((e) => types.includes(e.type)) ? err('STATION_INTEGRITY_FAILED', 'refused by the test gate') : ok(undefined)));
const open = (dd: DispensingStation) => dd.station.ledger.setGate(() => ok(undefined));
const ofType = (type: string) => d!.station.ledger.query({ batchRef: B, types: [type], limit: 10_000 });
const settle = (printRequestSeq: number, outcome: 'applied' | 'destroyed' | 'none', count: number, who = 'sup.wang', reason = 'checked the printer and its tray') => ({ type: 'settle-print' as const, printRequestSeq, outcome, count, reason, username: who, password: DEMO_PASSWORD });

/** Order B at its label step S12, the operator logged in; production prints to a counting printer, training previews. */
async function atLabelStep(labelMode: 'production' | 'training' = 'production'): Promise<{ station: DispensingStation; s: string; printer: ReturnType<typeof countingPrinter> }> {
  const p = countingPrinter();
  const station = await makeDispensingStation({ labels: labelMode === 'production' ? { labels: p, labelMode } : { labelMode } });
  station.importOrder(B);
  await runTo(station, B, at('S12'));
  return { station, s: station.login('op.li'), printer: p };
}

/** The step's print, its outcome entry refused by the ledger (the printer printed, nothing says so); the gate opened again. */
async function printOutcomeRefused(s: string): Promise<void> {
  gate(d!, 'label.printed');
  expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('STATION_INTEGRITY_FAILED');
  open(d!);
}

/** At label step S12 with a print whose outcome the ledger refused: the printer printed, nothing says so. */
async function unknownPrint(): Promise<{ s: string; jobs: LabelContent[][]; requestSeq: number; count: number }> {
  const { station, s, printer: p } = await atLabelStep();
  d = station;
  await printOutcomeRefused(s);
  const [request] = ofType('label.print_requested');
  return { s, jobs: p.jobs, requestSeq: request!.seq, count: p.jobs[0]!.length };
}

describe('FR-141 a print of unknown outcome is settled at the station, co-signed', () => {
  it('FR-141 the step does not print over an unknown outcome; "none came out", co-signed by a supervisor, lets it print again; record lines en and zh-CN; the record shows the settlement with its signature', async () => {
    const { s, jobs, requestSeq, count } = await unknownPrint();
    const again = await exec(d!, s, B, { type: 'print-label', stepId: 'S12' });
    expect(!again.ok && again.error).toMatchObject({ code: 'LABEL_PRINT_OUTCOME_UNKNOWN', details: { printRequestSeq: requestSeq } });
    expect(jobs).toHaveLength(1);
    expect(view(d!, B).labels!.unsettled).toEqual([{ printRequestSeq: requestSeq, command: 'print-label', count, stepId: 'S12', labelId: null, containerId: null, pendingSettlements: 0 }]);
    const r = unwrap(await exec(d!, s, B, settle(requestSeq, 'none', 0)));
    expect(r.appended.map((a) => a.type)).toEqual(['label.print_settled', 'signature.applied']);
    const [settled] = ofType('label.print_settled');
    expect(settled!.payload).toEqual({ printRequestSeq: requestSeq, outcome: 'none', count: 0, reason: 'checked the printer and its tray', stepId: 'S12' });
    expect(settled!.actor).toBe(d!.station.users.byUsername('op.li')!.userId);
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [], balanced: true });
    expect(view(d!, B).labels!.unsettled).toEqual([]);
    const line = describeEntry(settled!.type, settled!.payload);
    expect(renderRecordLine(line, 'en')).toBe(`Print of entry ${requestSeq} settled at the printer: no label came out (checked the printer and its tray)`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`记录 ${requestSeq} 所记的打印已在打印机处结清：未打出标签（checked the printer and its tray）`);
    // The step prints again, and the print closes its own request.
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(jobs).toHaveLength(2);
    expect(ofType('label.printed')).toHaveLength(1);
    const entries = d!.station.ledger.query({ batchRef: B, limit: 100_000 });
    const record = buildBatchRecord(B, entries, { user: (id) => d!.station.users.byId(id) });
    const event = record.labels?.events.find((e) => e.type === 'label.print_settled');
    expect(event?.signatures).toEqual([expect.objectContaining({ meaning: 'verified', printedName: 'Wang Fang (王芳)', signedAt: expect.any(String) })]);
    expect(record.labels?.outcomeUnknown).toEqual([]);
    expect(replayBatch(B, entries).differences).toEqual([]);
    expect(verifyLedger({ entries: d!.station.ledger.iterate(), checkpoints: d!.station.ledger.checkpoints() }).ok).toBe(true);
  });

  it('FR-141 refusals, typed and recorded: a count that does not match, no reason, no co-signer, a co-signer who is the operator, a print that is not open, settling twice', async () => {
    const { s, requestSeq, count } = await unknownPrint();
    expect(codeOf(await exec(d!, s, B, settle(requestSeq, 'destroyed', count + 1)))).toBe('LABEL_SETTLEMENT_COUNT_MISMATCH');
    expect(codeOf(await exec(d!, s, B, settle(requestSeq, 'none', 1)))).toBe('LABEL_SETTLEMENT_COUNT_MISMATCH');
    expect(codeOf(await exec(d!, s, B, settle(requestSeq, 'none', 0, 'sup.wang', 'ok')))).toBe('LABEL_SETTLEMENT_REASON_REQUIRED');
    expect(codeOf(await exec(d!, s, B, { type: 'settle-print', printRequestSeq: requestSeq, outcome: 'none', count: 0, reason: 'checked the printer and its tray' }))).toBe('LABEL_SETTLEMENT_COSIGNATURE_REQUIRED');
    expect(codeOf(await exec(d!, s, B, settle(requestSeq, 'none', 0, 'OP.LI')))).toBe('LABEL_SETTLEMENT_SAME_PERSON');
    expect(ofType('label.print_settled')).toHaveLength(0);
    // A co-signer without the role "verified" needs: the settlement stays without force.
    expect(codeOf(await exec(d!, s, B, settle(requestSeq, 'none', 0, 'op.smith')))).toBe('SIGNATURE_ROLE_REQUIRED');
    expect(view(d!, B).labels!.unsettled[0]).toMatchObject({ printRequestSeq: requestSeq, pendingSettlements: 1 });
    expect(reconcileLabels(d!.station.engine.state(B).labels).outcomeUnknown).toHaveLength(count);
    const refused = d!.station.ledger.query({ batchRef: B, types: ['engine.command_refused'], limit: 100 }).map((e) => (e.payload as { code: string }).code);
    expect(refused).toEqual(expect.arrayContaining(['LABEL_SETTLEMENT_COUNT_MISMATCH', 'LABEL_SETTLEMENT_SAME_PERSON', 'LABEL_SETTLEMENT_COSIGNATURE_REQUIRED']));
    // Applied, counted, co-signed: the labels are printed and used, the order reconciles.
    unwrap(await exec(d!, s, B, settle(requestSeq, 'applied', count)));
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ printed: count, used: count, outcomeUnknown: [], balanced: true });
    expect(codeOf(await exec(d!, s, B, settle(requestSeq, 'applied', count)))).toBe('LABEL_PRINT_ALREADY_SETTLED');
    expect(codeOf(await exec(d!, s, B, settle(requestSeq + 10_000, 'none', 0)))).toBe('LABEL_PRINT_NOT_OPEN');
  });

  it('FR-141 a print with its recorded outcome is not open to settle; a reprint of unknown outcome, settled destroyed, is counted and not printed again', async () => {
    const { station, s, printer: p } = await atLabelStep();
    d = station;
    unwrap(await exec(d, s, B, { type: 'print-label', stepId: 'S12' }));
    const [printed] = ofType('label.print_requested');
    expect(codeOf(await exec(d, s, B, settle(printed!.seq, 'applied', 1)))).toBe('LABEL_PRINT_NOT_OPEN');
    const first = view(d, B).labels!.labels[0]!.labelId;
    gate(d, 'label.reprinted');
    const r = unwrap(await exec(d, s, B, { type: 'request-reprint', labelId: first, reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD }));
    expect(r.followUpError?.code).toBe('STATION_INTEGRITY_FAILED');
    open(d);
    const reprint = ofType('label.print_requested').at(-1)!;
    expect(codeOf(await exec(d, s, B, { type: 'reprint-label', labelId: first }))).toBe('LABEL_PRINT_OUTCOME_UNKNOWN');
    unwrap(await exec(d, s, B, settle(reprint.seq, 'destroyed', 1)));
    const rec = reconcileLabels(d.station.engine.state(B).labels);
    expect(rec).toMatchObject({ reprinted: 1, destroyed: 1, outcomeUnknown: [] });
    // The co-signed reprint request was used by the print that came out.
    expect(codeOf(await exec(d, s, B, { type: 'reprint-label', labelId: first }))).toBe('REPRINT_NOT_AUTHORIZED');
    expect(p.jobs).toHaveLength(2);
  });

  it('FR-141 an "applied" settlement of a label step\'s print completes the step as printed would: the step is done, the next one active, nothing printed again; replay agrees', async () => {
    const { s, jobs, requestSeq, count } = await unknownPrint();
    const before = d!.station.engine.state(B);
    const index = before.steps.findIndex((st) => st.planned.step.stepId === 'S12');
    expect(before.steps[index]!.status).toBe('active');
    const r = unwrap(await exec(d!, s, B, settle(requestSeq, 'applied', count)));
    const [settled] = ofType('label.print_settled');
    expect(r.appended.map((a) => a.type)).toEqual(['label.print_settled', 'signature.applied']);
    const after = d!.station.engine.state(B);
    expect(after.steps[index]!.status).toBe('done');
    expect(after.steps[index]!.progress).toMatchObject({ recordSeq: settled!.seq });
    expect(view(d!, B).current?.stepId).not.toBe('S12');
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).not.toBe('ok');
    expect(jobs).toHaveLength(1);
    expect(reconcileLabels(after.labels)).toMatchObject({ printed: count, used: count, destroyed: 0, outcomeUnknown: [], balanced: true });
    const entries = d!.station.ledger.query({ batchRef: B, limit: 100_000 });
    expect(replayBatch(B, entries).differences).toEqual([]);
  });

  it('FR-141 a "destroyed" settlement of a label step\'s print leaves the step to print again', async () => {
    const { s, jobs, requestSeq, count } = await unknownPrint();
    unwrap(await exec(d!, s, B, settle(requestSeq, 'destroyed', count)));
    expect(view(d!, B).current?.stepId).toBe('S12');
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(jobs).toHaveLength(2);
    expect(view(d!, B).current?.stepId).not.toBe('S12');
  });

  it('FR-141 FR-28 an "applied" settlement of a return label marks the return labelled; "destroyed" does not', async () => {
    const p = countingPrinter();
    const RB = 'B-FR141-RET';
    const atEnd = await orderAtEnd(RB, { engine: { labels: { labels: p, labelMode: 'production' } } });
    d = atEnd.d;
    await weighBack(d, atEnd.s, RB, 'C-PARA-0002', g('4592.96'));
    const unknownReturnLabel = async () => {
      gate(d!, 'return.labelled');
      expect(codeOf(await exec(d!, atEnd.s, RB, { type: 'print-return-label', containerId: 'C-PARA-0002' }))).toBe('STATION_INTEGRITY_FAILED');
      open(d!);
      return d!.station.ledger.query({ batchRef: RB, types: ['label.print_requested'], limit: 100 }).at(-1)!.seq;
    };
    const returned = () => d!.station.engine.state(RB).reconciliation.returns.get('C-PARA-0002')!;
    const first = await unknownReturnLabel();
    expect(returned().labelledSeq).toBeNull();
    unwrap(await exec(d, atEnd.s, RB, settle(first, 'destroyed', 1)));
    expect(returned().labelledSeq).toBeNull();
    const second = await unknownReturnLabel();
    unwrap(await exec(d, atEnd.s, RB, settle(second, 'applied', 1)));
    const [, settled] = d.station.ledger.query({ batchRef: RB, types: ['label.print_settled'], limit: 100 });
    expect(returned().labelledSeq).toBe(settled!.seq);
    expect(view(d, RB).reconciliation?.containers.find((x) => x.containerId === 'C-PARA-0002')?.return).toMatchObject({ labelled: true });
    expect(reconcileLabels(d.station.engine.state(RB).labels).outcomeUnknown).toEqual([]);
  });

  it('FR-141 a print the printer is still working on cannot be settled by hand', async () => {
    const { station, s, printer: p } = await atLabelStep();
    d = station;
    let release: () => void = () => {};
    const answered = new Promise<void>((res) => (release = res));
    const real = p.print.bind(p);
    p.print = async (labels) => {
      await answered;
      return real(labels);
    };
    const pending = exec(d, s, B, { type: 'print-label', stepId: 'S12' });
    await new Promise((res) => setTimeout(res, 50));
    const [request] = ofType('label.print_requested');
    expect(view(d, B).labels!.unsettled).toEqual([]);
    expect(codeOf(await exec(d, s, B, settle(request!.seq, 'none', 0)))).toBe('LABEL_PRINT_IN_PROGRESS');
    release();
    unwrap(await pending);
  });
});

describe('FR-154 a print of unknown outcome found after the order completed', () => {
  it('FR-154 is still settled, co-signed: recorded as after completion (record line en and zh-CN), the labels reconcile, replay agrees; until FR-154 it was refused (ORDER_COMPLETE) and stayed unknown', async () => {
    const p = countingPrinter();
    const CB = 'B-FR154-DONE';
    const end = await orderAtEnd(CB, { engine: { labels: { labels: p, labelMode: 'production' } } });
    d = end.d;
    const first = view(d, CB).labels!.labels[0]!.labelId;
    gate(d, 'label.reprinted');
    const r = unwrap(await exec(d, end.s, CB, { type: 'request-reprint', labelId: first, reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD }));
    expect(r.followUpError?.code).toBe('STATION_INTEGRITY_FAILED');
    open(d);
    const reprint = d.station.ledger.query({ batchRef: CB, types: ['label.print_requested'], limit: 100 }).at(-1)!;
    unwrap(await exec(d, end.s, CB, { type: 'complete-order' }));
    expect(view(d, CB).status).toBe('complete');
    expect(view(d, CB).labels!.unsettled.map((x) => x.printRequestSeq)).toEqual([reprint.seq]);
    unwrap(await exec(d, end.s, CB, settle(reprint.seq, 'destroyed', 1)));
    const [settled] = d.station.ledger.query({ batchRef: CB, types: ['label.print_settled'], limit: 100 });
    expect(settled!.payload).toMatchObject({ printRequestSeq: reprint.seq, outcome: 'destroyed', count: 1, afterCompletion: true });
    expect(reconcileLabels(d.station.engine.state(CB).labels)).toMatchObject({ outcomeUnknown: [] });
    expect(view(d, CB).labels!.unsettled).toEqual([]);
    const line = describeEntry(settled!.type, settled!.payload);
    expect(renderRecordLine(line, 'en')).toContain('settled after the order was completed');
    expect(renderRecordLine(line, 'zh-CN')).toContain('于订单完成后结清');
    expect(replayBatch(CB, d.station.ledger.query({ batchRef: CB, limit: 100_000 })).differences).toEqual([]);
  });
});

describe('FR-145 a raw TCP printer counts as printed only when its host status says so', () => {
  async function tcpStation(): Promise<string> {
    printer = await fakeLabelPrinter();
    const port = printer.port;
    const labels = zplLabelPort({
      printers: () => [{ id: 'PRN-TCP', kind: 'zpl-tcp', address: `127.0.0.1:${port}`, labelWidthMm: 100, labelHeightMm: 70 }],
      mode: 'production',
      transportFor: () => new TcpLabelTransport({ host: '127.0.0.1', port, timeoutMs: 2000, statusTimeoutMs: 300, statusPollMs: 20 }),
    });
    d = await makeDispensingStation({ labels: { labels, labelMode: 'production' } });
    d.importOrder(B);
    await runTo(d, B, at('S12'));
    return d.login('op.li');
  }

  it('FR-145 a printer reporting paper out after the job: the print failed with its outcome unknown (LABEL_PRINTER_FAULT), never printed; once settled and the paper in, it prints and is recorded printed', async () => {
    const s = await tcpStation();
    printer!.status = { paperOut: true, formatsInBuffer: 1 };
    const r = await exec(d!, s, B, { type: 'print-label', stepId: 'S12' });
    expect(!r.ok && r.error).toMatchObject({ code: 'LABEL_PRINT_FAILED', details: { cause: 'LABEL_PRINTER_FAULT', faults: 'paper-out', delivered: 'unknown' } });
    const [request] = ofType('label.print_requested');
    expect(ofType('label.print_failed')[0]!.payload).toMatchObject({ printRequestSeq: request!.seq, delivered: 'unknown' });
    expect(ofType('label.printed')).toHaveLength(0);
    expect(reconcileLabels(d!.station.engine.state(B).labels).balanced).toBe(false);
    printer!.status = {};
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('LABEL_PRINT_OUTCOME_UNKNOWN');
    unwrap(await exec(d!, s, B, settle(request!.seq, 'none', 0)));
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(ofType('label.printed')[0]!.payload).toMatchObject({ printerId: 'PRN-TCP', printRequestSeq: ofType('label.print_requested')[1]!.seq });
    expect(printer!.queries).toBeGreaterThanOrEqual(2);
  });

  it('FR-145 a printer that answered ~HS once (part of the job still queued) and then fell silent: outcome unknown, not printed', async () => {
    const s = await tcpStation();
    printer!.status = { formatsInBuffer: 1 };
    printer!.answers = 1;
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('LABEL_PRINT_FAILED');
    expect(ofType('label.print_failed')[0]!.payload).toMatchObject({ delivered: 'unknown' });
    expect(ofType('label.printed')).toHaveLength(0);
    expect(reconcileLabels(d!.station.engine.state(B).labels).outcomeUnknown.length).toBeGreaterThan(0);
  });

  it('FR-145 a printer that reports no status (never answers ~HS) and keeps the connection open: printed, confirmation "sent", the record says the printer reports no status (en, zh-CN)', async () => {
    const s = await tcpStation();
    printer!.status = null;
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    const [printed] = ofType('label.printed');
    expect(printed!.payload).toMatchObject({ printerId: 'PRN-TCP', confirmation: 'sent' });
    expect(printer!.queries).toBe(1);
    const line = describeEntry(printed!.type, printed!.payload);
    expect(renderRecordLine(line, 'en')).toContain('sent to the printer; the printer reports no status');
    expect(renderRecordLine(line, 'zh-CN')).toContain('已发送至打印机；打印机不报告状态');
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [] });
  });

  it('FR-145 a printer that answers idle: printed, confirmation "status", no "no status" words', async () => {
    const s = await tcpStation();
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    const [printed] = ofType('label.printed');
    expect(printed!.payload).toMatchObject({ confirmation: 'status' });
    expect(renderRecordLine(describeEntry(printed!.type, printed!.payload), 'en')).not.toContain('no status');
  });
});

/** A raw TCP sink on loopback: reads every byte, never answers, never closes (`socat TCP-LISTEN:9100 -` in a terminal). */
async function silentSink(): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let data = '';
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('data', (c) => (data += c.toString('latin1')));
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => data,
    close: () => {
      for (const x of sockets) x.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('FR-145 a silent TCP sink prints through a whole label step', () => {
  let sink: Awaited<ReturnType<typeof silentSink>> | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  async function sinkStation(setting: Partial<PrinterSetting>, transportFor?: (p: PrinterSetting) => TcpLabelTransport): Promise<string> {
    sink = await silentSink();
    const labels = zplLabelPort({
      printers: () => [{ id: 'PRN-SINK', kind: 'zpl-tcp', address: `127.0.0.1:${sink!.port}`, labelWidthMm: 100, labelHeightMm: 70, ...setting }],
      mode: 'production',
      ...(transportFor ? { transportFor } : {}),
    });
    d = await makeDispensingStation({ labels: { labels, labelMode: 'production' } });
    d.importOrder(B);
    await runTo(d, B, at('S12'));
    return d.login('op.li');
  }

  async function labelStepThrough(s: string): Promise<void> {
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(view(d!, B).current?.stepId).not.toBe('S12');
    const [printed] = ofType('label.printed');
    expect(printed!.payload).toMatchObject({ printerId: 'PRN-SINK', confirmation: 'sent' });
    // The sink reads the job in its own time; the print was recorded once the link took it.
    await vi.waitFor(() => expect(sink!.received()).toContain('^XA'));
    // Every label it printed is accounted for, and the order's labels reconcile.
    for (const l of view(d!, B).labels!.labels) unwrap(await exec(d!, s, B, { type: 'account-label', labelId: l.labelId, disposition: 'used', reason: '' }));
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [], unaccounted: [], balanced: true });
    const entries = d!.station.ledger.query({ batchRef: B, limit: 100_000 });
    const record = buildBatchRecord(B, entries, { user: (id) => d!.station.users.byId(id) });
    expect(record.labels?.outcomeUnknown).toEqual([]);
    expect(replayBatch(B, entries).differences).toEqual([]);
  }

  it('FR-145 the printer set to statusCheck "none" (its setting, the station\'s own transport): nothing asked, printed as sent at once', async () => {
    const s = await sinkStation({ statusCheck: 'none' });
    const t0 = Date.now();
    await labelStepThrough(s);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(sink!.received()).not.toContain('~HS');
  });

  it('FR-145 the default setting (host status asked): a sink that never answers prints as sent once the bound passed', async () => {
    const s = await sinkStation({}, (p) => {
      const m = /:(\d+)$/.exec(p.address)!;
      return new TcpLabelTransport({ host: '127.0.0.1', port: Number(m[1]), statusTimeoutMs: 300, statusPollMs: 20 });
    });
    await labelStepThrough(s);
    expect(sink!.received()).toContain('~HS');
  });
});

describe('FR-141 a training preview announces no print', () => {
  it('FR-141 a training station previews: no label.print_requested, and a preview whose record is refused leaves nothing "outcome unknown"', async () => {
    const { station, s } = await atLabelStep('training');
    d = station;
    await printOutcomeRefused(s);
    expect(ofType('label.print_requested')).toHaveLength(0);
    expect(reconcileLabels(d.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [], balanced: true });
    unwrap(await exec(d, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(ofType('label.print_requested')).toHaveLength(0);
    expect(ofType('label.printed')[0]!.payload).toMatchObject({ preview: true, printerId: null });
    expect((ofType('label.printed')[0]!.payload as { printRequestSeq?: number }).printRequestSeq).toBeUndefined();
  });
});

describe('FR-141 the station API', () => {
  it('FR-141 orders.execute takes settle-print (its contract parses it, the engine decides and records the refusal); a malformed one is INPUT_INVALID', async () => {
    const api = makeTestApi();
    try {
      const now = api.station.clock.now();
      unwrap(api.station.masterData.applyMasterData(demoMasterData(now), { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
      const file = demoSchedule(now);
      unwrap(api.station.orderIntake.importOrders(unwrap(parseOrderFile(file)).orders, { kind: 'demo', fileName: 'demo.xml', content: file }, null));
      const batch = api.station.engine.workQueue({ status: 'planned' })[0]!.batchNumber;
      const op = await api.login('op.li');
      const r = await api.call('orders.execute', { batchNumber: batch, command: settle(7, 'none', 0) }, op);
      expect(codeOf(r)).toBe('ORDER_NOT_STARTED');
      const bad = await api.call('orders.execute', { batchNumber: batch, command: { ...settle(7, 'none', 0), outcome: 'maybe' } } as never, op);
      expect(codeOf(bad)).toBe('INPUT_INVALID');
    } finally {
      api.station.cleanup();
    }
  });
});

describe('FR-141 the hub', () => {
  it('FR-141 FR-08 the hub accepts a pushed ledger holding label.print_settled and its co-signature, and stores them as signed', async () => {
    const t = makeTestStation();
    try {
      const actor = t.userId('op.li');
      const labels = [{ batchNumber: 'B-HUB-141', kind: 'dispensed-material', net: '10.00 g' }];
      const [request] = unwrap(t.ledger.append([{ type: 'label.print_requested', actor, batchRef: 'B-HUB-141', payload: { command: 'print-label', stepId: 'S12', labels, contentSha256: createHash('sha256').update(canonicalJson(labels)).digest('hex') } }]));
      const [settled] = unwrap(t.ledger.append([{ type: 'label.print_settled', actor, batchRef: 'B-HUB-141', payload: { printRequestSeq: request!.seq, outcome: 'destroyed', count: 1, reason: 'found on the printer, destroyed', stepId: 'S12' } }]));
      const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
      const cosign = unwrap(t.signatures.sign({ sessionId: op, targetSeq: settled!.seq, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
      const stored = await storedAtHub(t);
      expect(stored.find((x) => x.seq === settled!.seq)).toEqual({ seq: settled!.seq, type: 'label.print_settled', hash: settled!.hash });
      expect(stored.find((x) => x.seq === cosign.seq)).toEqual({ seq: cosign.seq, type: 'signature.applied', hash: cosign.hash });
    } finally {
      t.cleanup();
    }
  });
});
