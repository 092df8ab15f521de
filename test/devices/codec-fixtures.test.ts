/**
 * Every codec against its recorded lines (test/fixtures/balance/*.lines.json): each line
 * parses to exactly the expected message, or is refused with exactly the expected code.
 * A11-08: overload, underload, error answers, unstable values and garbage each come out as a
 * defined, typed result — never as a weight.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMtSicsCodec } from '../../src-main/devices/balance/mt-sics.codec.ts';
import { createSbiCodec } from '../../src-main/devices/balance/sartorius-sbi.codec.ts';
import { createAndCodec } from '../../src-main/devices/balance/and-standard.codec.ts';
import { createGenericPrintCodec } from '../../src-main/devices/balance/generic-print.codec.ts';
import type { BalanceCodec } from '../../src-main/devices/balance/balance-codec.ts';
import { unwrap } from '../../src-shared/result.ts';

type Expect = Record<string, unknown>;
type Entry = { line: string; expect: Expect };

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/balance/${name}`, import.meta.url), 'utf8'));
const generic = fixture('generic.lines.json') as { config: unknown; lines: Entry[] };

const cases: [string, BalanceCodec, Entry[]][] = [
  ['mt-sics', createMtSicsCodec(), fixture('mt-sics.lines.json') as Entry[]],
  ['sbi', createSbiCodec({ autoPrint: true }), fixture('sbi.lines.json') as Entry[]],
  ['and', createAndCodec(), fixture('and.lines.json') as Entry[]],
  ['generic', unwrap(createGenericPrintCodec(generic.config)), generic.lines],
];

describe('A11-08 FR-04 recorded balance lines', () => {
  for (const [name, codec, entries] of cases) {
    it(`${name}: ${entries.length} lines parse or are refused exactly as recorded`, () => {
      expect(entries.length).toBeGreaterThan(8);
      for (const { line, expect: want } of entries) {
        const r = codec.parseLine(line.replace(/\r?\n$/, ''));
        const label = JSON.stringify(line);
        if (!('kind' in want)) {
          expect(r.ok ? `parsed as ${JSON.stringify(r.value)}` : r.error.code, label).toBe(want['error']);
          continue;
        }
        expect(r.ok, `${label} -> ${r.ok ? '' : JSON.stringify(r.error)}`).toBe(true);
        if (!r.ok) continue;
        const m = r.value;
        expect(m.kind, label).toBe(want['kind']);
        if (m.kind === 'weight') {
          expect({ stable: m.stable, amount: m.mass.amount, unit: m.mass.unit }, label).toEqual({
            stable: want['stable'],
            amount: want['amount'],
            unit: want['unit'],
          });
          expect(m.sign, label).toBe(m.mass.amount.startsWith('-') ? '-' : '+');
          if (want['role']) expect(m.role, label).toBe(want['role']);
          if (want['command']) expect(m.command, label).toBe(want['command']);
        }
        if (m.kind === 'status') expect(m.status, label).toBe(want['status']);
        if (m.kind === 'device-error') expect(m.error, label).toBe(want['error']);
        if (m.kind === 'info') expect(m.identity, label).toEqual(want['identity']);
        if (m.kind === 'ack' && want['command']) expect(m.command, label).toBe(want['command']);
      }
    });
  }

  it('DI-04 every parsed message keeps the line exactly as received', () => {
    for (const [, codec, entries] of cases) {
      for (const { line } of entries) {
        const body = line.replace(/\r?\n$/, '');
        const r = codec.parseLine(body);
        if (r.ok) expect(r.value.raw).toBe(body);
      }
    }
  });
});
