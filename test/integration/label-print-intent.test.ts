/**
 * FR-139, the record first, then the print (EU GMP Ch. 5.41–5.44 label reconciliation; 21 CFR
 * 11.10(e); ALCOA+ complete): a printed label is an effect outside the station that must be
 * reconciled (issued = used + destroyed). Until 6 Dec the station printed first and appended
 * `label.printed` after, so a refused append (the clock set back, the GMP gate, a full disk)
 * left a label in the world with no record of it. Now every print — a label step's labels, a
 * co-signed reprint, a return label — is announced by `label.print_requested` first; a request
 * the ledger refuses prints nothing; the outcome names the request (`printRequestSeq`), a failed
 * print is recorded as `label.print_failed`, and a request whose outcome the ledger could not
 * take counts in the label reconciliation as "requested, outcome unknown", never as unprinted.
 *
 * A re-tare is recorded first the same way (`dispense.tare_requested` ends the tare on record
 * before the balance is touched); a first tare whose record is refused is safe as it is.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { reconcileLabels } from '../../src-core/order/label-ledger.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { replayBatch } from '../../src-main/core/engine/replay.ts';
import type { LabelContent, LabelPort, LabelReceipt } from '../../src-main/core/engine/label-port.ts';
import { TcpLabelTransport } from '../../src-main/devices/label/label-transport.ts';
import { hostStatusReply } from '../../src-main/devices/label/zpl-host-status.testkit.ts';
import { zplLabelPort } from '../../src-main/dispensing/zpl-label-port.ts';
import type { NewEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import { DEMO_PASSWORD, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { makeTestStation } from '../fakes/test-station.ts';
import { at, exec, runTo, view } from '../engine/engine-test-kit.ts';
import { g, orderAtEnd, weighBack } from '../engine/returns-kit.ts';
import { storedAtHub } from '../hub/support/enrol.ts';

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);

/** A label printer the test watches: every job it was sent, and whether the next one fails; `during` runs while it prints. */
function countingPrinter(): LabelPort & { jobs: LabelContent[][]; failNext: boolean; during: () => void } {
  const port = {
    jobs: [] as LabelContent[][],
    failNext: false,
    during: () => {},
    async print(labels: readonly LabelContent[]): Promise<Result<LabelReceipt>> {
      port.during();
      if (port.failNext) {
        port.failNext = false;
        return err('LABEL_PRINT_FAILED', 'printer PRN-T refused the connection (test)', { delivered: 'none' });
      }
      port.jobs.push([...labels]);
      return ok({ printerId: 'PRN-T', printerAddress: 'tcp://127.0.0.1:9100', jobId: createHash('sha256').update(JSON.stringify(labels)).digest('hex'), confirmation: 'status' });
    },
  };
  return port;
}

/** The GMP gate refusing the entries of the given types (and letting every other through). */
function refuse(d: DispensingStation, ...types: string[]): void {
  d.station.ledger.setGate((entries: readonly NewEntry[]) => (entries.some((e) => types.includes(e.type)) ? err('STATION_INTEGRITY_FAILED', 'refused by the test gate') : ok(undefined)));
}
const open = (d: DispensingStation) => d.station.ledger.setGate(() => ok(undefined));

const B = 'B-FR139-1';
let d: DispensingStation | undefined;
afterEach(() => {
  d?.close();
  d = undefined;
});

async function atLabelStep(batch = B): Promise<{ s: string; printer: ReturnType<typeof countingPrinter> }> {
  const printer = countingPrinter();
  d = await makeDispensingStation({ labels: { labels: printer, labelMode: 'production' } });
  d.importOrder(batch);
  await runTo(d, batch, at('S12'));
  expect(printer.jobs).toHaveLength(0);
  return { s: d.login('op.li'), printer };
}

const ofType = (type: string, batch = B) => d!.station.ledger.query({ batchRef: batch, types: [type], limit: 10_000 });

describe('FR-139 a label is printed only once its print is recorded', () => {
  it('FR-139 a print whose request the ledger refuses prints nothing and returns the ledger\'s typed error', async () => {
    const { s, printer } = await atLabelStep();
    refuse(d!, 'label.print_requested');
    const r = await exec(d!, s, B, { type: 'print-label', stepId: 'S12' });
    expect(codeOf(r)).toBe('STATION_INTEGRITY_FAILED');
    expect(printer.jobs).toHaveLength(0);
    expect(ofType('label.printed')).toHaveLength(0);
    expect(view(d!, B).current?.stepId).toBe('S12');
    // The ledger takes it again: the request, then the print.
    open(d!);
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(printer.jobs).toHaveLength(1);
  });

  it('FR-139 the request precedes the print and names its labels by content hash; the print entry closes it with the receipt; en and zh-CN', async () => {
    const { s, printer } = await atLabelStep();
    const r = unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    const [request] = ofType('label.print_requested');
    const [printed] = ofType('label.printed');
    expect(request).toBeDefined();
    expect(r.appended.map((e) => e.type).slice(0, 2)).toEqual(['label.print_requested', 'label.printed']);
    expect(printed!.seq).toBeGreaterThan(request!.seq);
    const labels = (printed!.payload as { labels: LabelContent[] }).labels;
    expect(request!.payload).toEqual({ command: 'print-label', stepId: 'S12', stepIndex: expect.any(Number), labels, contentSha256: createHash('sha256').update(canonicalJson(labels)).digest('hex') });
    expect(printer.jobs).toEqual([labels]);
    expect(printed!.payload).toMatchObject({ printRequestSeq: request!.seq, printerId: 'PRN-T', jobId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [], printed: labels.length });
    const line = describeEntry(request!.type, request!.payload);
    expect(renderRecordLine(line, 'en')).toBe(`Print of ${labels.length} label(s) recorded before it was sent to the printer`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`发送至打印机前已记录 ${labels.length} 张标签的打印`);
  });

  it('FR-139 a print whose outcome the ledger refuses is counted as "requested, outcome unknown": the labels do not reconcile, in the batch record too', async () => {
    const { s, printer } = await atLabelStep();
    refuse(d!, 'label.printed');
    const r = await exec(d!, s, B, { type: 'print-label', stepId: 'S12' });
    expect(codeOf(r)).toBe('STATION_INTEGRITY_FAILED');
    // The printer did print: the record says a print was asked for, with an unknown outcome.
    expect(printer.jobs).toHaveLength(1);
    const [request] = ofType('label.print_requested');
    expect(ofType('label.printed')).toHaveLength(0);
    const count = printer.jobs[0]!.length;
    const rec = reconcileLabels(d!.station.engine.state(B).labels);
    expect(rec).toMatchObject({ printed: 0, balanced: false });
    expect(rec.outcomeUnknown).toEqual(Array.from({ length: count }, (_, i) => `${request!.seq}-${i + 1}`));
    expect(view(d!, B).labels?.balanced).toBe(false);
    open(d!);
    const record = buildBatchRecord(B, d!.station.ledger.query({ batchRef: B, limit: 100_000 }), { user: (id) => d!.station.users.byId(id) });
    expect(record.labels).toMatchObject({ balanced: false, outcomeUnknown: rec.outcomeUnknown });
  });

  it('FR-139 a print that fails is recorded as label.print_failed naming its request, with the typed error; nothing is left unknown', async () => {
    const { s, printer } = await atLabelStep();
    printer.failNext = true;
    const r = await exec(d!, s, B, { type: 'print-label', stepId: 'S12' });
    expect(codeOf(r)).toBe('LABEL_PRINT_FAILED');
    const [request] = ofType('label.print_requested');
    const [failed] = ofType('label.print_failed');
    expect(failed!.payload).toMatchObject({ printRequestSeq: request!.seq, code: 'LABEL_PRINT_FAILED' });
    expect(ofType('engine.command_refused').at(-1)!.payload).toMatchObject({ command: 'print-label', code: 'LABEL_PRINT_FAILED' });
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [], balanced: true });
    const line = describeEntry(failed!.type, failed!.payload);
    expect(renderRecordLine(line, 'en')).toBe(`The print recorded in entry ${request!.seq} failed (LABEL_PRINT_FAILED): no label was printed`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`记录 ${request!.seq} 所记的打印失败（LABEL_PRINT_FAILED）：未打印标签`);
    // The retry is a new request and a print.
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    expect(ofType('label.print_requested')).toHaveLength(2);
    expect(ofType('label.printed')[0]!.payload).toMatchObject({ printRequestSeq: ofType('label.print_requested')[1]!.seq });
    expect(verifyLedger({ entries: d!.station.ledger.iterate(), checkpoints: d!.station.ledger.checkpoints() }).ok).toBe(true);
  });

  it('FR-139 a label step\'s failed print names its step and sits under it in the record, not in the label section; its request is a step entry replay checks against the step then due', async () => {
    const { s, printer } = await atLabelStep();
    printer.failNext = true;
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('LABEL_PRINT_FAILED');
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    const [failed] = ofType('label.print_failed');
    const [request] = ofType('label.print_requested');
    expect(failed!.payload).toMatchObject({ stepId: 'S12' });
    const step = view(d!, B).steps.find((x) => x.stepId === 'S12')!;
    expect(request!.payload).toMatchObject({ stepId: 'S12', stepIndex: step.index });
    const entries = d!.station.ledger.query({ batchRef: B, limit: 100_000 });
    const record = buildBatchRecord(B, entries, { user: (id) => d!.station.users.byId(id) });
    expect(record.labels?.events.map((e) => e.seq) ?? []).not.toContain(failed!.seq);
    expect(replayBatch(B, entries).differences).toEqual([]);
    // The request moved into another step's time is out of order for replay.
    const moved = entries.map((e) => (e.seq === request!.seq ? { ...e, payload: { ...(e.payload as object), stepIndex: step.index + 1 } } : e));
    expect(replayBatch(B, moved).differences.map((x) => x.seq)).toContain(request!.seq);
  });

  it('FR-139 FR-34 a co-signed reprint is recorded before it is printed: a refused request prints nothing, a refused outcome is counted unknown', async () => {
    const { s, printer } = await atLabelStep();
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    const first = view(d!, B).labels!.labels[0]!.labelId;
    const reprint = { type: 'request-reprint' as const, labelId: first, reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD };
    refuse(d!, 'label.print_requested');
    const r = unwrap(await exec(d!, s, B, reprint));
    // The co-signed request is recorded; its print (the station's follow-up) is refused unprinted.
    expect(r.followUpError?.code).toBe('STATION_INTEGRITY_FAILED');
    expect(printer.jobs).toHaveLength(1);
    refuse(d!, 'label.reprinted');
    expect(codeOf(await exec(d!, s, B, { type: 'reprint-label', labelId: first }))).toBe('STATION_INTEGRITY_FAILED');
    expect(printer.jobs).toHaveLength(2);
    const requests = ofType('label.print_requested');
    expect(requests.at(-1)!.payload).toMatchObject({ command: 'reprint-label', labelId: first });
    expect(reconcileLabels(d!.station.engine.state(B).labels).outcomeUnknown).toEqual([`${requests.at(-1)!.seq}-1`]);
  });

  it('FR-139 FR-28 a return label is recorded before it is printed, and return.labelled closes its request', async () => {
    const printer = countingPrinter();
    const atEnd = await orderAtEnd('B-FR139-RET', { engine: { labels: { labels: printer, labelMode: 'production' } } });
    d = atEnd.d;
    await weighBack(d, atEnd.s, 'B-FR139-RET', 'C-PARA-0002', g('4592.96'));
    const jobs = printer.jobs.length;
    refuse(d, 'label.print_requested');
    expect(codeOf(await exec(d, atEnd.s, 'B-FR139-RET', { type: 'print-return-label', containerId: 'C-PARA-0002' }))).toBe('STATION_INTEGRITY_FAILED');
    expect(printer.jobs).toHaveLength(jobs);
    open(d);
    unwrap(await exec(d, atEnd.s, 'B-FR139-RET', { type: 'print-return-label', containerId: 'C-PARA-0002' }));
    expect(printer.jobs).toHaveLength(jobs + 1);
    const request = ofType('label.print_requested', 'B-FR139-RET').at(-1)!;
    expect(request.payload).toMatchObject({ command: 'print-return-label', containerId: 'C-PARA-0002' });
    expect(ofType('return.labelled', 'B-FR139-RET').at(-1)!.payload).toMatchObject({ printRequestSeq: request.seq });
    expect(reconcileLabels(d.station.engine.state('B-FR139-RET').labels).outcomeUnknown).toEqual([]);
  });

  it('FR-139 the outcome records the labels that were printed, not labels rebuilt after the print: a printer taking 2 s leaves labelledAt, reprintedAt and the return label as sent, hashing to the request', async () => {
    const sha = (x: unknown) => createHash('sha256').update(canonicalJson(x)).digest('hex');
    const { s, printer } = await atLabelStep();
    printer.during = () => d!.clock.advance(2000);
    unwrap(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }));
    const [request] = ofType('label.print_requested');
    const printed = ofType('label.printed')[0]!.payload as { labels: LabelContent[] };
    expect(printed.labels).toEqual(printer.jobs[0]);
    expect(sha(printed.labels)).toBe((request!.payload as { contentSha256: string }).contentSha256);
    // The reprint: its reprintedAt is the time it went to the printer.
    const first = view(d!, B).labels!.labels[0]!.labelId;
    unwrap(await exec(d!, s, B, { type: 'request-reprint', labelId: first, reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD }));
    const reprintRequest = ofType('label.print_requested').at(-1)!;
    const reprinted = ofType('label.reprinted').at(-1)!.payload as { labels: LabelContent[]; printRequestSeq: number };
    expect(reprinted.printRequestSeq).toBe(reprintRequest.seq);
    expect(reprinted.labels).toEqual(printer.jobs.at(-1));
    expect(sha(reprinted.labels)).toBe((reprintRequest.payload as { contentSha256: string }).contentSha256);
  });

  it('FR-139 FR-28 a return label printed over 2 s is recorded as sent: return.labelled holds the label of its request', async () => {
    const printer = countingPrinter();
    const atEnd = await orderAtEnd('B-FR139-RT2', { engine: { labels: { labels: printer, labelMode: 'production' } } });
    d = atEnd.d;
    await weighBack(d, atEnd.s, 'B-FR139-RT2', 'C-PARA-0002', g('4592.96'));
    printer.during = () => d!.clock.advance(2000);
    unwrap(await exec(d, atEnd.s, 'B-FR139-RT2', { type: 'print-return-label', containerId: 'C-PARA-0002' }));
    const request = ofType('label.print_requested', 'B-FR139-RT2').at(-1)!;
    const labelled = ofType('return.labelled', 'B-FR139-RT2').at(-1)!.payload as { label: LabelContent };
    expect(labelled.label).toEqual(printer.jobs.at(-1)![0]);
    expect(createHash('sha256').update(canonicalJson([labelled.label])).digest('hex')).toBe((request.payload as { contentSha256: string }).contentSha256);
  });

  it('FR-139 a print the station is waiting on shows as printing, not as an outcome unknown; after a restart the same request is unknown', async () => {
    const { s, printer } = await atLabelStep();
    let release: () => void = () => {};
    const answered = new Promise<void>((r) => (release = r));
    const real = printer.print.bind(printer);
    printer.print = async (labels) => {
      await answered;
      return real(labels);
    };
    const pending = exec(d!, s, B, { type: 'print-label', stepId: 'S12' });
    await new Promise((r) => setTimeout(r, 50));
    const [request] = ofType('label.print_requested');
    const during = view(d!, B).labels!;
    expect(during.outcomeUnknown).toEqual([]);
    expect(during.printing.length).toBeGreaterThan(0);
    expect(during.printing.every((id) => id.startsWith(`${request!.seq}-`))).toBe(true);
    release();
    unwrap(await pending);
    expect(view(d!, B).labels).toMatchObject({ printing: [], outcomeUnknown: [] });
    // The next print hangs; the station restarts: nothing is in flight any more, the request is unknown.
    const first = view(d!, B).labels!.labels[0]!.labelId;
    printer.print = () => new Promise<never>(() => {});
    void exec(d!, s, B, { type: 'request-reprint', labelId: first, reason: 'label smudged by a wet glove', username: 'sup.wang', password: DEMO_PASSWORD });
    await new Promise((r) => setTimeout(r, 50));
    const reprintRequest = ofType('label.print_requested').at(-1)!;
    expect(view(d!, B).labels!.printing).toEqual([`${reprintRequest.seq}-1`]);
    d!.restart();
    expect(view(d!, B).labels).toMatchObject({ printing: [], outcomeUnknown: [`${reprintRequest.seq}-1`], balanced: false });
  });

  it('FR-139 FR-08 the hub accepts a pushed ledger holding label.print_requested, label.print_failed and dispense.tare_requested entries (its intake verifies the new types) and stores them as signed', async () => {
    // A production station (the dispensing fake is a training station, whose ledger the hub refuses as GMP data).
    const t = makeTestStation();
    try {
      const actor = t.userId('op.li');
      const labels = [{ batchNumber: 'B-HUB-1', kind: 'dispensed-material', net: '10.00 g' }];
      const [request] = unwrap(t.ledger.append([{ type: 'label.print_requested', actor, batchRef: 'B-HUB-1', payload: { command: 'print-label', stepId: 'S12', labels, contentSha256: createHash('sha256').update(canonicalJson(labels)).digest('hex') } }]));
      unwrap(t.ledger.append([{ type: 'label.print_failed', actor, batchRef: 'B-HUB-1', payload: { printRequestSeq: request!.seq, code: 'LABEL_PRINT_FAILED', message: 'printer offline' } }]));
      unwrap(t.ledger.append([{ type: 'dispense.tare_requested', actor, batchRef: 'B-HUB-1', payload: { stepId: 'S21', stepIndex: 3, lineId: 'L20', balanceId: 'BAL-A01', replacesSeq: request!.seq } }]));
      const stored = await storedAtHub(t);
      for (const type of ['label.print_requested', 'label.print_failed', 'dispense.tare_requested']) {
        const [e] = t.ledger.query({ types: [type] });
        expect(stored.find((x) => x.seq === e!.seq)).toEqual({ seq: e!.seq, type, hash: e!.hash });
      }
    } finally {
      t.cleanup();
    }
  });
});

describe('FR-139 a failed print closes its request as not printed only when nothing reached the printer', () => {
  let server: Server | undefined;
  const conns: Socket[] = [];
  afterEach(async () => {
    for (const c of conns.splice(0)) c.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });
  // allowHalfOpen: the printer does not close its side when the station has sent the job.
  const listen = (onConnection: (c: Socket) => void): Promise<number> =>
    new Promise((resolve) => {
      server = createServer({ allowHalfOpen: true }, (c) => {
        conns.push(c);
        onConnection(c);
      });
      server.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });
  /** A station whose label step prints to a ZPL printer on loopback TCP (300 ms to take the job, 300 ms to report its status). */
  async function station(port: number): Promise<string> {
    const labels = zplLabelPort({
      printers: () => [{ id: 'PRN-TCP', kind: 'zpl-tcp', address: `127.0.0.1:${port}`, labelWidthMm: 100, labelHeightMm: 70 }],
      mode: 'production',
      transportFor: () => new TcpLabelTransport({ host: '127.0.0.1', port, timeoutMs: 300, statusTimeoutMs: 300 }),
    });
    d = await makeDispensingStation({ labels: { labels, labelMode: 'production' } });
    d.importOrder(B);
    await runTo(d, B, at('S12'));
    return d.login('op.li');
  }

  it('FR-139 FR-145 a printer that reads the job, says it still holds it, then never answers again: the print fails after the data went out, its labels stay "outcome unknown" and the order does not reconcile; en and zh-CN', async () => {
    // (A printer that never sends a byte back gives no status and prints as sent: label-settlement.test.ts.)
    const received: Buffer[] = [];
    let answered = false;
    const port = await listen((c) =>
      c.on('data', (x) => {
        received.push(x);
        if (!answered && x.includes('~HS')) {
          answered = true;
          c.write(hostStatusReply({ formatsInBuffer: 1 }));
        }
      }),
    );
    const s = await station(port);
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('LABEL_PRINT_FAILED');
    expect(Buffer.concat(received).toString('utf8')).toContain('^XA');
    const [request] = ofType('label.print_requested');
    const [failed] = ofType('label.print_failed');
    expect(failed!.payload).toMatchObject({ printRequestSeq: request!.seq, delivered: 'unknown' });
    const rec = reconcileLabels(d!.station.engine.state(B).labels);
    expect(rec.balanced).toBe(false);
    expect(rec.outcomeUnknown.length).toBeGreaterThan(0);
    expect(view(d!, B).labels?.balanced).toBe(false);
    const line = describeEntry(failed!.type, failed!.payload);
    expect(renderRecordLine(line, 'en')).toBe(`The print recorded in entry ${request!.seq} failed (LABEL_PRINT_FAILED) after its data may have reached the printer: outcome unknown, its labels must be accounted for`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`记录 ${request!.seq} 所记的打印失败（LABEL_PRINT_FAILED），数据可能已送达打印机：结果未知，须清点其标签`);
  });

  it('FR-139 a printer that reads the job and resets the connection: outcome unknown', async () => {
    const port = await listen((c) => c.once('data', () => c.resetAndDestroy()));
    const s = await station(port);
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('LABEL_PRINT_FAILED');
    expect(ofType('label.print_failed')[0]!.payload).toMatchObject({ delivered: 'unknown' });
    expect(reconcileLabels(d!.station.engine.state(B).labels).balanced).toBe(false);
  });

  it('FR-139 a refused connection: nothing was sent, the request is closed as not printed', async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const s = await station(port);
    expect(codeOf(await exec(d!, s, B, { type: 'print-label', stepId: 'S12' }))).toBe('LABEL_PRINT_FAILED');
    const [request] = ofType('label.print_requested');
    const [failed] = ofType('label.print_failed');
    expect(failed!.payload).toMatchObject({ printRequestSeq: request!.seq, delivered: 'none' });
    expect(reconcileLabels(d!.station.engine.state(B).labels)).toMatchObject({ outcomeUnknown: [], balanced: true });
    expect(renderRecordLine(describeEntry(failed!.type, failed!.payload), 'en')).toBe(`The print recorded in entry ${request!.seq} failed (LABEL_PRINT_FAILED): no label was printed`);
  });
});

describe('FR-139 a tare and its record', () => {
  const W = 'B-FR139-TARE';
  async function atTare(): Promise<{ s: string; tares: () => number }> {
    d = await makeDispensingStation();
    d.importOrder(W);
    await runTo(d, W, at('S21', 'need-container'));
    const s = d.login('op.li');
    unwrap(await exec(d, s, W, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false }));
    unwrap(await exec(d, s, W, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false }));
    const bench = d.bench as unknown as { tare: (id: string) => Promise<unknown> };
    const real = bench.tare.bind(d.bench);
    let n = 0;
    bench.tare = async (id: string) => {
      n++;
      return real(id);
    };
    return { s, tares: () => n };
  }
  const phase = () => view(d!, W).current?.phase;
  const ofS21 = (type: string) => ofType(type, W).filter((e) => (e.payload as { stepId?: string }).stepId === 'S21');

  it('FR-139 a first tare whose record is refused leaves the step needing a tare: no capture can use the unrecorded tare (safe without a record first)', async () => {
    const { s, tares } = await atTare();
    d!.bench.clear('BAL-A01');
    d!.bench.place('BAL-A01', { amount: '50', unit: 'g' });
    refuse(d!, 'dispense.tared');
    expect(codeOf(await exec(d!, s, W, { type: 'tare', stepId: 'S21' }))).toBe('STATION_INTEGRITY_FAILED');
    expect(tares()).toBe(1);
    expect(phase()).toBe('need-tare');
    open(d!);
    d!.bench.place('BAL-A01', { amount: '10', unit: 'g' });
    expect(codeOf(await exec(d!, s, W, { type: 'capture', stepId: 'S21', partial: false }))).toBe('STEP_OUT_OF_SEQUENCE');
    expect(ofS21('dispense.weighed')).toHaveLength(0);
  });

  it('FR-139 a re-tare is recorded first: the tare on record ends before the balance is touched, so a refused re-tare record leaves no capture with a tare that no longer held', async () => {
    const { s, tares } = await atTare();
    d!.bench.clear('BAL-A01');
    d!.bench.place('BAL-A01', { amount: '50', unit: 'g' });
    unwrap(await exec(d!, s, W, { type: 'tare', stepId: 'S21' }));
    const [tared] = ofS21('dispense.tared');
    expect(phase()).toBe('need-capture');
    // Another vessel, tared again; the ledger refuses the new tare's record.
    d!.bench.clear('BAL-A01');
    d!.bench.place('BAL-A01', { amount: '80', unit: 'g' });
    refuse(d!, 'dispense.tared');
    expect(codeOf(await exec(d!, s, W, { type: 'tare', stepId: 'S21' }))).toBe('STATION_INTEGRITY_FAILED');
    expect(tares()).toBe(2);
    const [requested] = ofS21('dispense.tare_requested');
    expect(requested!.payload).toMatchObject({ stepId: 'S21', balanceId: 'BAL-A01', replacesSeq: tared!.seq });
    expect(phase()).toBe('need-tare');
    open(d!);
    d!.bench.place('BAL-A01', { amount: '10', unit: 'g' });
    expect(codeOf(await exec(d!, s, W, { type: 'capture', stepId: 'S21', partial: false }))).toBe('STEP_OUT_OF_SEQUENCE');
    // A re-tare request the ledger refuses leaves the balance as it was.
    unwrap(await exec(d!, s, W, { type: 'tare', stepId: 'S21' }));
    refuse(d!, 'dispense.tare_requested');
    expect(codeOf(await exec(d!, s, W, { type: 'tare', stepId: 'S21' }))).toBe('STATION_INTEGRITY_FAILED');
    expect(tares()).toBe(3);
    expect(phase()).toBe('need-capture');
    const line = describeEntry(requested!.type, requested!.payload);
    expect(renderRecordLine(line, 'en')).toBe(`Balance BAL-A01 to be tared again: the tare of entry ${tared!.seq} no longer holds`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`天平 BAL-A01 将重新去皮：记录 ${tared!.seq} 的皮重不再有效`);
  });
});
