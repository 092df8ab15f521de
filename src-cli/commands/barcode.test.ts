import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/fakes/cli-runner.ts';
import { sampleLabel } from '../../src-main/devices/label/label-fixture.testkit.ts';
import { fakeLabelPrinter } from '../../test/fakes/fake-label-printer.ts';

const run = (...args: string[]) => runCli(args);

const dir = mkdtempSync(join(tmpdir(), 'batchline-barcode-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batchline parse-barcode', () => {
  it('FR-03 prints each AI with its value and meaning', async () => {
    const r = await run('parse-barcode', ']d2010950110153000317250600101ABC<GS>3103000123', '--escapes', '--reference-year', '2025');
    expect(r.code).toBe(0);
    expect(r.outLines).toEqual([
      'kind: gs1 (GS1 DataMatrix, ]d2)',
      'hri: (01)09501101530003(17)250600(10)1ABC(3103)000123',
      '(01) GTIN: 09501101530003',
      '(17) USE BY or EXPIRY: 250600 = 2025-06-30 (day 00: last day of month)',
      '(10) BATCH/LOT: 1ABC',
      '(3103) NET WEIGHT (kg): 000123 = 0.123 kg',
    ]);
  });

  it('prints the parse as JSON', async () => {
    const r = await run('parse-barcode', '(00)106141411234567897', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outLines[0]!)).toMatchObject({ ok: true, barcode: { kind: 'sscc', sscc: '106141411234567897', elements: [{ ai: '00', title: 'SSCC' }] } });
  });

  it('prints the typed error and exits 1 on a bad scan', async () => {
    const r = await run('parse-barcode', '(01)09501101530004', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.outLines[0]!)).toMatchObject({ ok: false, error: { code: 'BARCODE_BAD_CHECK_DIGIT', details: { ai: '01', position: 17 } } });
    const plain = await run('parse-barcode', '(01)09501101530004');
    expect(plain.code).toBe(1);
    expect(plain.errLines[0]).toMatch(/^BARCODE_BAD_CHECK_DIGIT: /);
  });

  it('accepts an FNC1 alias, internal patterns and the traceability switch', async () => {
    expect((await run('parse-barcode', '0109501101530003101234^21X', '--fnc1', '^')).code).toBe(0);
    const internal = await run('parse-barcode', 'BIN-000123', '--internal', 'bin=BIN-(?<container>\\d{6})', '--json');
    expect(JSON.parse(internal.outLines[0]!)).toMatchObject({ barcode: { kind: 'internal-container', internal: { fields: { container: '000123' } } } });
    expect((await run('parse-barcode', '81234567890123456789', '--json')).outLines[0]).toContain('"cn-drug-trace"');
    expect((await run('parse-barcode', '81234567890123456789', '--no-cn-drug-trace')).code).toBe(1);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run('parse-barcode', 'x', '--internal', 'nonsense')).code).toBe(2);
    expect((await run('parse-barcode', 'x', '--internal', 'bad=(')).code).toBe(2);
    expect((await run('parse-barcode', 'x', '--reference-year', '25')).code).toBe(2);
  });
});

describe('batchline label preview', () => {
  it('writes the PNG and the ZPL', async () => {
    const data = join(dir, 'label.json');
    writeFileSync(data, JSON.stringify(sampleLabel()));
    const png = join(dir, 'label.png');
    const zpl = join(dir, 'label.zpl');
    const r = await run('label', 'preview', '--data', data, '--out', png, '--zpl', zpl);
    expect(r.code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(zpl, 'utf8')).toContain('^BXN,');
  });

  it('refuses invalid label data with exit 1 and a missing file with exit 2', async () => {
    const data = join(dir, 'bad.json');
    writeFileSync(data, JSON.stringify({ ...sampleLabel(), lot: '' }));
    const bad = await run('label', 'preview', '--data', data, '--out', join(dir, 'x.png'), '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.outLines[0]!)).toMatchObject({ ok: false, error: { code: 'LABEL_FIELD_INVALID' } });
    expect((await run('label', 'preview', '--data', join(dir, 'missing.json'), '--out', join(dir, 'x.png'))).code).toBe(2);
  });

  it('print needs exactly one printer', async () => {
    const data = join(dir, 'label.json');
    writeFileSync(data, JSON.stringify(sampleLabel()));
    expect((await run('label', 'print', '--data', data)).code).toBe(2);
  });

  it('FR-139 a diagnostic print, which no order records, is titled TEST so it never passes for a dispensed container\'s label', async () => {
    const printer = await fakeLabelPrinter();
    try {
      const data = join(dir, 'label.json');
      writeFileSync(data, JSON.stringify(sampleLabel()));
      const r = await run('label', 'print', '--data', data, '--tcp', `127.0.0.1:${printer.port}`);
      expect(r.code).toBe(0);
      expect(printer.jobs).toHaveLength(1);
      const zpl = printer.jobs[0]!.toString('utf8');
      expect(zpl).toContain('TEST - DISPENSED MATERIAL');
      expect(zpl).not.toMatch(/\^FD(REPRINT - )?DISPENSED MATERIAL\^FS/);
    } finally {
      await printer.close();
    }
  });
});
