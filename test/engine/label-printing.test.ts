/**
 * Labels that were really printed (issue 18 item 18): the label step of the demo recipe (S12,
 * the API bags of line L10) through the engine, the composition root's ZPL label port and a
 * fake network printer — a TCP server on 127.0.0.1 that keeps what it receives, as a printer's
 * raw port 9100 does.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { fakeLabelPrinter } from '../fakes/fake-label-printer.ts';
import { afterEach, expect, test } from 'vitest';
import { changeSetting } from '../fakes/change-setting.ts';
import { previewDispensedLabel } from '../../src-main/devices/label/print-label.ts';
import { containerLabel } from '../../src-main/dispensing/zpl-label-port.ts';
import type { LabelContent } from '../../src-main/core/engine/label-port.ts';
import type { PrinterSetting } from '../../src-shared/settings/station-settings.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo, view } from './engine-test-kit.ts';

const B = 'B-LABEL-1';
let d: DispensingStation;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  d?.close();
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A printer that takes one job per connection and closes when the station has sent it. */
async function fakePrinter(): Promise<{ port: number; jobs: Buffer[] }> {
  const printer = await fakeLabelPrinter();
  closers.push(printer.close);
  return printer;
}

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function configurePrinter(address: string): PrinterSetting {
  const printer: PrinterSetting = { id: 'PRN-01', kind: 'zpl-tcp', address, labelWidthMm: 100, labelHeightMm: 70 };
  changeSetting(d.station, 'printers', [printer], 'label printer of booth A');
  return printer;
}

async function atLabelStep(labels: Parameters<typeof makeDispensingStation>[0]): Promise<string> {
  d = await makeDispensingStation(labels);
  d.importOrder(B);
  await runTo(d, B, at('S12'));
  expect(view(d, B).current?.stepId).toBe('S12');
  return d.login('op.li');
}

const printedEntries = () => d.station.ledger.query({ batchRef: B, types: ['label.printed'] });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** GS1 date YYMMDD from "YYYY-MM-DD". */
const gs1Date = (iso: string) => iso.slice(2).replaceAll('-', '');

test('a label counts as printed when the printer accepted the job; the entry names the printer, its address and the job', async () => {
  const session = await atLabelStep({ labels: { labelMode: 'production' } });
  const printer = await fakePrinter();
  configurePrinter(`127.0.0.1:${printer.port}`);

  unwrap(await exec(d, session, B, { type: 'print-label', stepId: 'S12' }));

  const [e] = printedEntries();
  expect(e).toBeDefined();
  const p = e!.payload as { printerId: string; printerAddress: string; jobId: string; preview?: boolean; labels: LabelContent[] };
  expect(p.printerId).toBe('PRN-01');
  expect(p.printerAddress).toBe(`tcp://127.0.0.1:${printer.port}`);
  expect(p.preview).toBeUndefined();
  expect(printer.jobs).toHaveLength(1);
  const zpl = printer.jobs[0]!;
  expect(p.jobId).toBe(sha256(zpl));
  // One ZPL format per weighed portion, each with the lot in text and in the GS1 DataMatrix.
  const text = zpl.toString('utf8');
  expect(text.match(/\^XA/g)).toHaveLength(p.labels.length);
  for (const label of p.labels) {
    const lot = String(label.lotNumber);
    expect(text).toContain(`Lot: ${lot}`);
    expect(text).toContain(`Batch: ${B}`);
    const dm = [...text.matchAll(/\^BX[^\^]*\^FD([^\^]*)\^FS/g)].map((m) => m[1]!);
    expect(dm.some((data) => data.startsWith('_1') && data.includes(`10${lot}`) && data.includes(`17${gs1Date(String(label.expiry))}`) && data.includes(`21${String(label.dispensedContainerId)}`))).toBe(true);
    expect(label.dispensedBy).toBe('Li Wei (李伟)');
    expect(String(label.labelledAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  }
  expect(view(d, B).current?.stepId).not.toBe('S12');
  expect(renderRecordLine(describeEntry('label.printed', p), 'en')).toMatch(/printed on PRN-01/);
});

test('an unreachable printer is a typed error: nothing is recorded as printed and the operator can retry', async () => {
  const session = await atLabelStep({ labels: { labelMode: 'production' } });
  configurePrinter(`127.0.0.1:${await deadPort()}`);

  const r = await exec(d, session, B, { type: 'print-label', stepId: 'S12' });
  expectRefused(r, 'LABEL_PRINT_FAILED');
  expect(r.ok ? null : r.error.details).toMatchObject({ cause: 'DEVICE_DISCONNECTED', printerId: 'PRN-01' });
  expect(printedEntries()).toHaveLength(0);
  expect(view(d, B).current?.stepId).toBe('S12');

  const printer = await fakePrinter();
  configurePrinter(`127.0.0.1:${printer.port}`);
  unwrap(await exec(d, session, B, { type: 'print-label', stepId: 'S12' }));
  expect(printedEntries()).toHaveLength(1);
  expect(printer.jobs).toHaveLength(1);
});

test('a production station without a printer refuses the label step with LABEL_PRINTER_NOT_CONFIGURED', async () => {
  const session = await atLabelStep({ labels: { labelMode: 'production' } });

  const r = await exec(d, session, B, { type: 'print-label', stepId: 'S12' });
  expectRefused(r, 'LABEL_PRINTER_NOT_CONFIGURED');
  expect(printedEntries()).toHaveLength(0);
  expect(view(d, B).current?.stepId).toBe('S12');
});

test('a training station records the PNG preview with its hash, never as printed', async () => {
  const session = await atLabelStep({ labels: { labelMode: 'training' } });

  unwrap(await exec(d, session, B, { type: 'print-label', stepId: 'S12' }));

  const [e] = printedEntries();
  const p = e!.payload as { printerId: string | null; preview: boolean; pngSha256: string[]; jobId?: string; printerAddress?: string; labels: LabelContent[] };
  expect(p.printerId).toBeNull();
  expect(p.preview).toBe(true);
  expect(p.jobId).toBeUndefined();
  expect(p.printerAddress).toBeUndefined();
  expect(p.pngSha256).toHaveLength(p.labels.length);
  // The hash is of the preview a reviewer can re-render from the recorded label content.
  const png = unwrap(await previewDispensedLabel(containerLabel(p.labels[0]!)));
  expect(p.pngSha256[0]).toBe(sha256(png.png));
  // The batch record says so in both languages.
  const line = describeEntry('label.printed', p);
  expect(renderRecordLine(line, 'en')).toMatch(/previewed in training, not printed/);
  expect(renderRecordLine(line, 'zh-CN')).toMatch(/未打印/);
});
