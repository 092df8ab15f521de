/**
 * GS1 parser throughput beside the popular npm parsers, on the same inputs in the same run
 * (issue 3, "Benchmark"): gs1-barcode-parser-mod and bark-js. For each: barcodes per second on
 * realistic pharma scans, agreement with ours on valid scans (same AIs, same raw values), and
 * how many deliberately broken scans (wrong check digit, impossible date, unknown AI,
 * truncated) it refuses. Neither library claims to validate check digits or dates (both
 * READMEs), so the last column shows what that costs, not a bug in them.
 */
import { createRequire } from 'node:module';
import { withCheckDigit } from '../src-shared/gs1/check-digit.ts';
import { parseBarcode } from '../src-shared/gs1/parse-barcode.ts';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';

const require = createRequire(import.meta.url);
// The package's "main" points at a src/ folder it does not ship; its dist build is the library.
const { parseBarcode: gs1ParserMod } = require('gs1-barcode-parser-mod/dist/gs1-barcode-parser-mod.min.js') as {
  parseBarcode: (s: string) => { parsedCodeItems: { ai: string; raw: string }[] };
};
const bark = require('bark-js') as (s: string) => { elements: { ai: string; raw: string }[] };

const GS = '\x1D';
type Pairs = string[]; // "ai=value"
type Parser = { name: string; parse: (s: string) => Pairs | null };

const PARSERS: Parser[] = [
  {
    name: 'batchline parseBarcode',
    parse: (s) => {
      const r = parseBarcode(s, { referenceYear: 2025 });
      return r.ok ? r.value.elements.map((e) => `${e.ai}=${e.value}`) : null;
    },
  },
  {
    name: 'gs1-barcode-parser-mod 1.2.1',
    parse: (s) => {
      try {
        return gs1ParserMod(s).parsedCodeItems.map((e) => `${e.ai}=${e.raw.replaceAll(GS, '')}`);
      } catch {
        return null;
      }
    },
  },
  {
    name: 'bark-js 1.2.1',
    parse: (s) => {
      try {
        return bark(s).elements.map((e) => `${e.ai}=${e.raw.replaceAll(GS, '')}`);
      } catch {
        return null;
      }
    },
  },
];

/** Small deterministic PRNG (mulberry32) so every run measures the same inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  const alnum = (lo: number, hi: number) => Array.from({ length: lo + int(hi - lo + 1) }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-'[int(35)]).join('');
  return { next, int, digits, alnum };
}

interface Scan {
  readonly prefix: string;
  /** [ai, value, separator after it] */
  readonly parts: readonly [string, string, boolean][];
}

const text = (scan: Scan) => scan.prefix + scan.parts.map(([ai, v, sep]) => ai + v + (sep ? GS : '')).join('');

function realisticScans(n: number, seed: number): Scan[] {
  const r = rng(seed);
  const date = () => `${String(24 + r.int(6)).padStart(2, '0')}${String(1 + r.int(12)).padStart(2, '0')}${String(r.int(29)).padStart(2, '0')}`;
  const out: Scan[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r.next();
    const gtin = withCheckDigit('0' + r.digits(12));
    if (kind < 0.7) {
      // EU FMD / DSCSA style pack: (01)(17)(10)<GS>(21), sometimes (11) and a net weight
      const parts: [string, string, boolean][] = [['01', gtin, false], ['17', date(), false]];
      if (r.next() < 0.3) parts.push(['11', date(), false]);
      if (r.next() < 0.2) parts.push([`310${r.int(6)}`, r.digits(6), false]);
      parts.push(['10', r.alnum(4, 12), true], ['21', r.alnum(8, 20), false]);
      out.push({ prefix: ']d2', parts });
    } else if (kind < 0.9) {
      // logistic unit: (00) SSCC, (02) content, (37) count, (10) lot
      out.push({ prefix: ']C1', parts: [['00', withCheckDigit(r.digits(17)), false], ['02', gtin, false], ['37', String(1 + r.int(500)), true], ['10', r.alnum(4, 10), false]] });
    } else {
      // scanner configured without symbology identifiers
      out.push({ prefix: '', parts: [['01', gtin, false], ['17', date(), false], ['10', r.alnum(3, 10), false]] });
    }
  }
  return out;
}

/** Each valid scan broken in exactly one way that makes it invalid GS1 data. */
function brokenScans(valid: Scan[], seed: number): string[] {
  const r = rng(seed);
  return valid.map((scan) => {
    const parts = scan.parts.map((p) => [...p] as [string, string, boolean]);
    const key = parts[0]!; // (01) GTIN or (00) SSCC, both ending in a mod-10 check digit
    const dated = parts.find(([ai]) => ai === '17');
    switch (r.int(4)) {
      case 0:
        key[1] = key[1].slice(0, -1) + String((Number(key[1].at(-1)) + 1) % 10);
        return text({ prefix: scan.prefix, parts });
      case 1:
        if (dated) dated[1] = dated[1].slice(0, 2) + '13' + dated[1].slice(4);
        else key[1] = key[1].slice(0, -1) + String((Number(key[1].at(-1)) + 5) % 10);
        return text({ prefix: scan.prefix, parts });
      case 2:
        return text(scan) + `${GS}89123`;
      default:
        // cut inside the fixed-length key: (01)/(00) left with fewer digits than required
        // (9 digits: a 11-digit run cannot be mistaken for a GTIN-8/12/13/14 without identifier)
        return scan.prefix + key[0] + key[1].slice(0, 9);
    }
  });
}

/**
 * Barcodes per second of CPU time for each parser, in interleaved rounds (A B C A B C ...),
 * median round. CPU time (process.cpuUsage) rather than wall time, and interleaving, because
 * the bench machine is shared: other processes then neither slow one parser's wall clock nor
 * hit whichever parser happened to run while they did.
 */
function throughputs(parsers: Parser[], inputs: string[], rounds: number): number[] {
  for (const p of parsers) for (let i = 0; i < 3; i++) for (const s of inputs) p.parse(s); // JIT warm-up
  const times: number[][] = parsers.map(() => []);
  for (let r = 0; r < rounds; r++) {
    parsers.forEach((p, i) => {
      const t0 = process.cpuUsage();
      for (const s of inputs) p.parse(s);
      const d = process.cpuUsage(t0);
      times[i]!.push((d.user + d.system) / 1000);
    });
  }
  return times.map((t) => (inputs.length / percentile(t, 50)) * 1000);
}

/**
 * The same scan as a GS1 Digital Link URI in a QR code: key and its qualifiers in the path in
 * the standard's order, every other AI a query attribute, on a plant supplier's own domain and
 * stem, with a tracking parameter the parser must ignore.
 */
function digitalLinkOf(scan: Scan): string {
  const [key, ...rest] = scan.parts;
  const qualifierOrder = key![0] === '01' ? ['22', '10', '21'] : [];
  const path = [`/${key![0]}/${key![1]}`];
  for (const q of qualifierOrder) {
    const part = rest.find(([ai]) => ai === q);
    if (part) path.push(`/${q}/${encodeURIComponent(part[1])}`);
  }
  const query = rest.filter(([ai]) => !qualifierOrder.includes(ai)).map(([ai, v]) => `${ai}=${encodeURIComponent(v)}`);
  return `https://qr.supplier.example.cn/p${path.join('')}?${[...query, 'utm_source=label'].join('&')}`;
}

/** The Digital Link with one defect: qualifiers swapped, a bad escape, or a cut GTIN. */
function brokenLink(link: string, i: number): string {
  if (i % 3 === 0 && link.includes('/10/') && link.includes('/21/')) {
    const lot = /\/10\/[^/?]+/.exec(link)![0];
    const ser = /\/21\/[^/?]+/.exec(link)![0];
    return link.replace(lot, '\u0000').replace(ser, lot).replace('\u0000', ser);
  }
  if (i % 3 === 1) return link.replace('?', '%G1?');
  return link.replace(/\/(01|00)\/(\d+)/, (_m, ai: string, v: string) => `/${ai}/${v.slice(0, v.length - 3)}`);
}

const sortedPairs = (p: Pairs | null) => (p ? [...p].sort().join('|') : null);

export default async function gs1ParseBench(opts: BenchOptions): Promise<BenchTable[]> {
  const count = opts.quick ? 2_000 : 20_000;
  const rounds = opts.quick ? 5 : 21;
  const scans = realisticScans(count, 42);
  const valid = scans.map(text);
  const broken = brokenScans(scans, 43);
  const ours = PARSERS[0]!;
  const reference = valid.map((s) => ours.parse(s));
  const oursRejected = reference.filter((x) => x === null).length;
  if (oursRejected > 0) throw new Error(`bench inputs are meant to be valid, ours refused ${oursRejected}`);

  const rows: (string | number)[][] = [];
  const rates = throughputs(PARSERS, valid, rounds);
  const oursRate = rates[0]!;
  for (const [i, p] of PARSERS.entries()) {
    const rate = rates[i]!;
    let agree = 0;
    valid.forEach((s, i) => {
      const got = p.parse(s);
      if (got && got.join('|') === reference[i]!.join('|')) agree++;
    });
    const refused = broken.filter((s) => p.parse(s) === null).length;
    rows.push([
      p.name,
      Math.round(rate),
      p === ours ? '1.00' : (rate / oursRate).toFixed(2),
      `${((agree / valid.length) * 100).toFixed(1)} %`,
      `${((refused / broken.length) * 100).toFixed(1)} %`,
    ]);
  }
  // Digital Link: ours on the URI beside ours on the element string of the same scan.
  const links = scans.map(digitalLinkOf);
  const linkRates = throughputs([{ name: 'element string', parse: ours.parse }], valid, rounds).concat(throughputs([{ name: 'digital link', parse: ours.parse }], links, rounds));
  const linkAgree = links.filter((l, i) => sortedPairs(ours.parse(l)) === sortedPairs(reference[i]!)).length;
  const linkRefused = links.map(brokenLink).filter((l) => ours.parse(l) === null).length;
  const linkTable: BenchTable = {
    title: `GS1 Digital Link URIs (QR): the same ${count.toLocaleString('en-US')} scans written as URIs, beside their element strings`,
    columns: ['input', 'barcodes per CPU-second', 'vs element string', 'same AIs and values', 'refuses broken'],
    rows: [
      ['element string (baseline)', Math.round(linkRates[0]!), '1.00', '100.0 %', '—'],
      ['GS1 Digital Link URI', Math.round(linkRates[1]!), (linkRates[1]! / linkRates[0]!).toFixed(2), `${((linkAgree / links.length) * 100).toFixed(1)} %`, `${((linkRefused / links.length) * 100).toFixed(1)} %`],
    ],
    notes: ['Broken URIs: qualifiers out of order, a malformed percent-escape, or a key cut by three digits.'],
  };
  return [
    {
      title: `GS1 element-string parsing: ${count.toLocaleString('en-US')} pharma scans (]d2 / ]C1 / no identifier), same inputs, same run`,
      columns: ['parser', 'barcodes per CPU-second', 'vs ours', 'agrees with ours (valid scans)', 'refuses broken scans'],
      rows,
      notes: [
        'Agreement: same AIs in the same order with the same raw values. Broken scans: one of wrong check digit, month 13, unknown AI (89), truncated value.',
        'Ours also validates every value (check digits, dates, character sets) and resolves dates and measures; the others split the string only.',
      ],
    },
    linkTable,
  ];
}
