/**
 * Issue 18 item 6, over all four codecs the same way: a weight line is read only in the unit
 * it carries (no unit: refused, never an assumed one), a blank inside a number is refused, a
 * unit change mid-stream never mixes, and a zero or tare done while the weight moved is
 * reported as dynamic, not as a plain acknowledgement. Then the same as a property: no line
 * with a blank inside its number or without a unit ever yields a reading.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { BalanceCodec } from '../../src-main/devices/balance/balance-codec.ts';
import type { BalanceEvent } from '../../src-main/devices/balance/balance-driver.ts';
import type { BalanceProtocol } from '../../src-main/devices/balance/balance-message.ts';
import { createAndCodec } from '../../src-main/devices/balance/and-standard.codec.ts';
import { createGenericPrintCodec } from '../../src-main/devices/balance/generic-print.codec.ts';
import { createMtSicsCodec } from '../../src-main/devices/balance/mt-sics.codec.ts';
import { ProtocolBalanceDriver } from '../../src-main/devices/balance/protocol-balance-driver.ts';
import { createSbiCodec } from '../../src-main/devices/balance/sartorius-sbi.codec.ts';
import { unwrap } from '../../src-shared/result.ts';
import { scriptedLine } from './scripted-line.ts';

const GENERIC = {
  pattern: '^(?<status>ST|US|OL)\\s*(?<sign>[-+]?)\\s*(?<amount>[0-9. ]+?)?\\s*(?<unit>mg|g|kg)?$',
  stableStatus: ['ST'],
  overloadStatus: ['OL'],
};

/** How each protocol prints a value: stable or not, with a unit or none (''). */
interface Printer {
  readonly codec: BalanceCodec;
  print(value: string, unit: string, stable: boolean): string;
}

const printers: Record<BalanceProtocol, Printer> = {
  'mt-sics': { codec: createMtSicsCodec(), print: (v, u, s) => `S ${s ? 'S' : 'D'} ${v.padStart(10, ' ')}${u === '' ? '' : ' ' + u}` },
  // 16-character print: sign, value right-aligned in columns 2-10, blank, unit in 12-14.
  sbi: { codec: createSbiCodec({ autoPrint: true }), print: (v, u) => `+${v.padStart(9, ' ')} ${u.padEnd(3, ' ')}` },
  and: { codec: createAndCodec(), print: (v, u, s) => `${s ? 'ST' : 'US'},+${v.padStart(8, '0')}${u.padStart(3, ' ')}` },
  generic: { codec: unwrap(createGenericPrintCodec(GENERIC)), print: (v, u, s) => `${s ? 'ST' : 'US'}    ${v}${u === '' ? '' : ' ' + u}` },
};
const PROTOCOLS = Object.keys(printers) as BalanceProtocol[];

const parse = (p: BalanceProtocol, line: string) => printers[p].codec.parseLine(line);
const outcome = (p: BalanceProtocol, line: string): string => {
  const r = parse(p, line);
  if (!r.ok) return r.error.code;
  return r.value.kind === 'weight' ? `${r.value.mass.amount} ${r.value.mass.unit}` : r.value.kind;
};

describe('issue 18 item 6: units and numbers from balances, all four codecs', () => {
  it.each(PROTOCOLS)('%s: a stable value with its unit reads in that unit (the baseline the refusals are measured against)', (p) => {
    expect(outcome(p, printers[p].print('12.345', 'g', true))).toBe('12.345 g');
    expect(outcome(p, printers[p].print('0.012', 'kg', true))).toBe('0.012 kg');
  });

  it.each(PROTOCOLS)('A11-08 %s: a line without a unit is refused, stable or not, never read in an assumed unit', (p) => {
    for (const stable of [true, false]) expect(outcome(p, printers[p].print('0.012', '', stable))).toBe('BALANCE_UNIT_MISSING');
  });

  it('A11-08 the generic printer takes a configured unit only when its lines have no place for one', () => {
    const both = createGenericPrintCodec({ ...GENERIC, defaultUnit: 'g' });
    expect(both.ok ? 'accepted' : both.error.code).toBe('BALANCE_PATTERN_INVALID');
    const neither = createGenericPrintCodec({ pattern: '^(?<amount>[0-9.]+)$', assumeStable: true });
    expect(neither.ok ? 'accepted' : neither.error.code).toBe('BALANCE_PATTERN_INVALID');
    const fixed = unwrap(createGenericPrintCodec({ pattern: '^(?<amount>[0-9.]+)$', assumeStable: true, defaultUnit: 'kg' }));
    const r = unwrap(fixed.parseLine('1.250'));
    expect(r.kind === 'weight' && r.mass).toEqual({ amount: '1.250', unit: 'kg' });
  });

  it.each(PROTOCOLS)('A11-08 %s: a blank inside the number is refused ("1 0 0.01" is not 100.01)', (p) => {
    for (const value of ['1 00.01', '10 0.01', '100 .01', '100. 01', '100.0 1']) {
      const r = parse(p, printers[p].print(value, 'g', true));
      expect(r.ok && r.value.kind === 'weight' ? `read as ${r.value.mass.amount}` : 'refused', `${p} ${JSON.stringify(value)}`).toBe('refused');
    }
  });

  it('A11-08 the reported instance: SBI "+ 1 0 0.01 g" is refused', () => {
    expect(outcome('sbi', '+ 1 0 0.01 g  ')).toBe('BALANCE_NUMBER_INVALID');
  });

  it.each(PROTOCOLS)('A11-08 %s: a unit change mid-stream never mixes; each value keeps the unit on its own line', (p) => {
    const stream = [printers[p].print('12.345', 'g', true), printers[p].print('0.012', '', false), printers[p].print('0.013', 'kg', false), printers[p].print('0.013', 'kg', true)];
    expect(stream.map((l) => outcome(p, l))).toEqual(['12.345 g', 'BALANCE_UNIT_MISSING', '0.013 kg', '0.013 kg']);
  });

  it('A11-08 the reported instance through the driver: after the switch to kg an unstable SBI 0.012 is no reading at all', async () => {
    const line = scriptedLine();
    const d = new ProtocolBalanceDriver(createSbiCodec({ autoPrint: true }), line.transport, { lineEnding: 'CRLF' }, { commandTimeoutMs: 300 });
    const events: BalanceEvent[] = [];
    d.on((e) => events.push(e));
    unwrap(await d.connect());
    unwrap(await d.startStream());
    const sbi = printers.sbi.print;
    for (const l of [sbi('12.3450', 'g', true), sbi('0.012', '', false), sbi('0.012', 'kg', true)]) line.send(`${l}\r\n`);
    await new Promise((r) => setTimeout(r, 50));
    const read = events.flatMap((e) => (e.type === 'reading' ? [`${e.reading.mass.amount} ${e.reading.mass.unit}`] : []));
    expect(read).toEqual(['12.3450 g', '0.012 kg']);
    expect(events.some((e) => e.type === 'protocol-error' && e.error.code === 'BALANCE_UNIT_MISSING')).toBe(true);
    await d.disconnect();
  });
});

describe('issue 18 item 6: zero and tare under dynamic conditions are not plain acknowledgements', () => {
  it('A11-08 MT-SICS: ZI D / TI D are dynamic, ZI S / Z A / T S are not (codec)', () => {
    const c = createMtSicsCodec();
    const ack = (l: string) => {
      const m = unwrap(c.parseLine(l));
      return m.kind === 'ack' ? { ack: m.command, dynamic: m.dynamic } : { weight: m.kind === 'weight' && m.command, stable: m.kind === 'weight' && m.stable };
    };
    expect(ack('ZI D')).toEqual({ ack: 'ZI', dynamic: true });
    expect(ack('ZI S')).toEqual({ ack: 'ZI', dynamic: false });
    expect(ack('Z A')).toEqual({ ack: 'Z', dynamic: false });
    expect(ack('TI D     117.57 g')).toEqual({ weight: 'TI', stable: false });
    expect(ack('T S     117.57 g')).toEqual({ weight: 'T', stable: true });
  });

  const drivers: ProtocolBalanceDriver[] = [];
  afterEach(async () => {
    for (const d of drivers.splice(0)) await d.disconnect();
  });

  async function mtSicsAnswering(replies: Record<string, string>) {
    const line = scriptedLine((c, reply) => reply(`${replies[c] ?? 'ES'}\r\n`));
    const d = new ProtocolBalanceDriver(createMtSicsCodec(), line.transport, { lineEnding: 'CRLF' }, { commandTimeoutMs: 300, stableTimeoutMs: 300 });
    drivers.push(d);
    unwrap(await d.connect());
    return d;
  }

  it('A11-08 MT-SICS driver: the result of an immediate zero or tare says dynamic when the balance says so', async () => {
    const dyn = await mtSicsAnswering({ ZI: 'ZI D', TI: 'TI D      10.02 g', Z: 'Z A', T: 'T S      10.00 g' });
    expect(unwrap(await dyn.zero({ immediate: true }))).toEqual({ dynamic: true });
    expect(unwrap(await dyn.tare({ immediate: true }))).toEqual({ tare: { amount: '10.02', unit: 'g' }, dynamic: true });
    expect(unwrap(await dyn.zero())).toEqual({ dynamic: false });
    expect(unwrap(await dyn.tare())).toEqual({ tare: { amount: '10.00', unit: 'g' }, dynamic: false });
    const calm = await mtSicsAnswering({ ZI: 'ZI S', TI: 'TI S      10.00 g' });
    expect(unwrap(await calm.zero({ immediate: true }))).toEqual({ dynamic: false });
    expect(unwrap(await calm.tare({ immediate: true })).dynamic).toBe(false);
  });

  it.each(['sbi', 'and', 'generic'] as const)('A11-08 %s has no immediate zero or tare: refused as unsupported, never faked', (p) => {
    const codec = printers[p].codec;
    for (const type of ['zero-immediate', 'tare-immediate'] as const) {
      const r = codec.encode({ type });
      expect(r.ok ? 'encoded' : r.error.code).toBe('DEVICE_COMMAND_UNSUPPORTED');
    }
  });

  it('A11-08 A&D: <AK> claims nothing about the conditions, so the result leaves dynamic out', async () => {
    const line = scriptedLine((c, reply) => reply(c === 'Z' || c === 'T' ? '\x06\r\n' : 'EC,E1\r\n'));
    const d = new ProtocolBalanceDriver(createAndCodec(), line.transport, { lineEnding: 'CRLF' }, { commandTimeoutMs: 300 });
    drivers.push(d);
    unwrap(await d.connect());
    expect(unwrap(await d.zero())).toEqual({});
    expect(unwrap(await d.tare())).toEqual({ tare: null });
  });
});

/** A decimal number with a blank put somewhere between its first and last character. */
const blankInside = fc
  .tuple(fc.integer({ min: 1, max: 99999 }), fc.integer({ min: 0, max: 9999 }), fc.nat(), fc.constantFrom(' ', '  '))
  .map(([i, f, at, blank]) => {
    const n = `${i}.${f}`;
    const cut = 1 + (at % (n.length - 1));
    return n.slice(0, cut) + blank + n.slice(cut);
  });
const plainNumber = fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => `${i}.${f}`);

describe('issue 18 item 6: property over all four codecs', () => {
  it('A11-08 no line with a blank inside its number or without a unit ever yields a reading', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...PROTOCOLS),
        fc.oneof(
          fc.record({ value: blankInside, unit: fc.constantFrom('g', 'mg', 'kg') }),
          fc.record({ value: plainNumber, unit: fc.constantFrom('', ' ', '  ') }),
        ),
        fc.boolean(),
        (p, { value, unit }, stable) => {
          const r = parse(p, printers[p].print(value, unit.trim() === '' ? '' : unit, stable));
          expect(r.ok && r.value.kind === 'weight' ? `${p} read ${JSON.stringify(value)} as ${r.value.mass.amount} ${r.value.mass.unit}` : 'refused').toBe('refused');
          refused++;
        },
      ),
      { numRuns: 20_000, seed: 18_6 },
    );
    expect(refused).toBe(20_000);
  });
});
