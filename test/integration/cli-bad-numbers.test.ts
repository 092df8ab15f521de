/**
 * FR-138: every number a command takes on its command line is checked before it does anything:
 * a page size, a count, a port, a baud rate, a delay. Before, `run-order --max-commands abc` ran
 * with no limit (NaN), `label print --tcp host:99999` was taken, `simulate balance --baud 0` was
 * taken, and `balance stream --seconds 3000000` armed a timer past Node's range that fired at
 * once. Each is now a usage refusal (exit 2) naming the option, with nothing opened or written.
 *
 * And every number is read in decimal digits only, like a number in a hub URL: `Number()` took
 * `--port 0x1F90` as 8080, `--limit 1e3` as 1000, `--count " 7 "` as 7 and `--page-size ""` as
 * 0. Each spelling is refused with NUMBER_INVALID (exit 2, in --lang, JSON with --json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { TEST_SECRET, makeTestStation, type TestStation } from '../fakes/test-station.ts';

let t: TestStation;

const cli = (...args: string[]) => runCli(args, { env: { BATCHLINE_STATION_SECRET: TEST_SECRET } });

beforeAll(() => {
  t = makeTestStation();
});
afterAll(() => t?.cleanup());

describe('FR-138 numbers on the command line', () => {
  it('FR-138 a count, port, baud rate or delay that is no number, not whole, out of range or past a timer is refused before anything runs', async () => {
    const label = join(t.dir, 'label.json');
    writeFileSync(label, '{}');
    const head = t.ledger.head()?.seq ?? 0;
    const cases: [string[], RegExp][] = [
      [['run-order', '--db', t.dbPath, '--batch', 'B-1', '--max-commands', 'abc'], /--max-commands/],
      [['run-order', '--db', t.dbPath, '--batch', 'B-1', '--max-commands', '-5'], /--max-commands/],
      [['run-order', '--db', t.dbPath, '--batch', 'B-1', '--max-commands', '1.5'], /--max-commands/],
      [['label', 'print', '--data', label, '--tcp', '127.0.0.1:99999'], /--tcp .*1–65535/],
      [['label', 'print', '--data', label, '--tcp', '127.0.0.1:0'], /--tcp .*1–65535/],
      [['simulate', 'balance', '--protocol', 'mt-sics', '--link', join(t.dir, 'pty'), '--baud', '0'], /--baud/],
      [['simulate', 'balance', '--protocol', 'mt-sics', '--link', join(t.dir, 'pty'), '--settle', '99999999999'], /--settle/],
      [['balance', 'stream', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--seconds', '3000000'], /--seconds/],
      [['balance', 'stream', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--count', '1.5'], /--count/],
      [['balance', 'read', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--timeout', '99999999999'], /--timeout/],
    ];
    for (const [args, says] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(/^(usage|NUMBER_INVALID): /);
      expect(r.err, args.join(' ')).toMatch(says);
    }
    expect(t.ledger.head()?.seq ?? 0).toBe(head);
  });

  /**
   * Every numeric option of every command, each with a value that reaches the number check (the
   * options before it valid or harmless), and every spelling Number() took for another number.
   * `fraction: false` for the two options where a fraction is a real value (--seconds, --stop-bits).
   */
  const HUB = 'http://127.0.0.1:9';
  const OPTIONS: { cmd: string; flag: string; args: (v: string) => string[]; fraction?: false }[] = [
    { cmd: 'hub serve', flag: '--port', args: (v) => ['hub', 'serve', '--port', v] },
    { cmd: 'hub enrolment-code', flag: '--valid-hours', args: (v) => ['hub', 'enrolment-code', '--hub', HUB, '--user', 'admin', '--valid-hours', v] },
    { cmd: 'sync', flag: '--page-size', args: (v) => ['sync', '--db', t.dbPath, '--hub', HUB, '--once', '--page-size', v] },
    { cmd: 'station', flag: '--port', args: (v) => ['station', '--web', '--db', t.dbPath, '--scanner', 'bogus', '--port', v] },
    { cmd: 'audit', flag: '--limit', args: (v) => ['audit', '--db', t.dbPath, '--limit', v] },
    { cmd: 'trace', flag: '--max-depth', args: (v) => ['trace', '--lot', 'L-1', '--max-depth', v] },
    { cmd: 'run-order', flag: '--max-commands', args: (v) => ['run-order', '--db', t.dbPath, '--batch', 'B-1', '--max-commands', v] },
    { cmd: 'balance read', flag: '--timeout', args: (v) => ['balance', 'read', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--timeout', v] },
    { cmd: 'balance read', flag: '--baud', args: (v) => ['balance', 'read', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--baud', v] },
    { cmd: 'balance read', flag: '--data-bits', args: (v) => ['balance', 'read', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--data-bits', v] },
    { cmd: 'balance read', flag: '--stop-bits', args: (v) => ['balance', 'read', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--stop-bits', v], fraction: false },
    { cmd: 'balance stream', flag: '--count', args: (v) => ['balance', 'stream', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--count', v] },
    { cmd: 'balance stream', flag: '--seconds', args: (v) => ['balance', 'stream', '--port', join(t.dir, 'no-port'), '--protocol', 'mt-sics', '--seconds', v], fraction: false },
    { cmd: 'simulate balance', flag: '--baud', args: (v) => ['simulate', 'balance', '--protocol', 'mt-sics', '--link', join(t.dir, 'pty'), '--baud', v] },
    { cmd: 'simulate balance', flag: '--settle', args: (v) => ['simulate', 'balance', '--protocol', 'mt-sics', '--link', join(t.dir, 'pty'), '--settle', v] },
    { cmd: 'simulate balance', flag: '--interval', args: (v) => ['simulate', 'balance', '--protocol', 'mt-sics', '--link', join(t.dir, 'pty'), '--interval', v] },
    { cmd: 'label print', flag: '--tcp port', args: (v) => ['label', 'print', '--data', join(t.dir, 'label.json'), '--tcp', `127.0.0.1:${v}`] },
    { cmd: 'label print', flag: '--baud', args: (v) => ['label', 'print', '--data', join(t.dir, 'label.json'), '--serial', join(t.dir, 'no-port'), '--baud', v] },
    { cmd: 'parse-barcode', flag: '--reference-year', args: (v) => ['parse-barcode', '(01)09506000134352', '--reference-year', v] },
    { cmd: 'trace-record', flag: '--entry seq', args: (v) => ['trace-record', '--entry', `ST-DEMO-01:${v}`] },
  ];
  const SPELLINGS: [string, string][] = [
    ['hex', '0x1F90'],
    ['exponent', '1e3'],
    ['padded', ' 7 '],
    ['leading zero', '08'],
    ['plus sign', '+7'],
    ['binary', '0b11'],
    ['negative', '-7'],
    ['fraction', '1.5'],
    ['huge', '99999999999999999999'],
    ['empty', ''],
  ];

  it.each(OPTIONS.map((o) => [`${o.cmd} ${o.flag}`, o] as const))(
    'FR-138 %s takes a number in decimal digits only: hex, exponent, padded, signed, fraction, huge and empty are refused before anything runs',
    async (_title, option) => {
      writeFileSync(join(t.dir, 'label.json'), '{}');
      const head = t.ledger.head()?.seq ?? 0;
      for (const [kind, value] of SPELLINGS) {
        if (kind === 'fraction' && option.fraction === false) continue;
        const args = option.args(value);
        const r = await cli(...args);
        expect(r.code, `${kind}: ${args.join(' ')}`).toBe(2);
        expect(r.err, `${kind}: ${args.join(' ')}`).toBe(r.err.split('\n')[0]);
        expect(r.err, `${kind}: ${args.join(' ')}`).toMatch(new RegExp(`^NUMBER_INVALID: ${option.flag} takes .* in decimal digits, not ${JSON.stringify(JSON.stringify(value)).slice(1, -1).replace(/[+.]/g, '\\$&')}$`));
      }
      expect(t.ledger.head()?.seq ?? 0).toBe(head);
    },
  );

  it('FR-138 a number refusal is in the --lang language and JSON with --json', async () => {
    const zh = await cli('audit', '--db', t.dbPath, '--lang', 'zh-CN', '--limit', '0x10');
    expect(zh.code).toBe(2);
    expect(zh.err).toBe('NUMBER_INVALID: --limit 需要以十进制数字书写的整数（不小于 1），而不是 "0x10"');
    const json = await cli('audit', '--db', t.dbPath, '--json', '--limit', '1e3');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: { code: 'NUMBER_INVALID', message: '--limit takes a whole number at least 1 in decimal digits, not "1e3"' } });
    const ok = await cli('audit', '--db', t.dbPath, '--limit', '1000', '--text');
    expect(ok.code).toBe(0);
  });

  it('FR-138 audit refusals are JSON with --json (a misspelt --type, a date that is none)', async () => {
    const type = await cli('audit', '--db', t.dbPath, '--json', '--type', 'backup.creatd');
    expect(type.code).toBe(2);
    expect(type.err).toBe('');
    expect(JSON.parse(type.out)).toMatchObject({ ok: false, error: { code: 'ENTRY_TYPE_UNKNOWN' } });
    const from = await cli('audit', '--db', t.dbPath, '--json', '--from', 'yesterday');
    expect(from.code).toBe(2);
    expect(JSON.parse(from.out)).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });
  });

  it('FR-138 audit --type names a ledger entry type or is refused, not answered with an empty trail', async () => {
    const bad = await cli('audit', '--db', t.dbPath, '--type', 'backup.creatd', '--text');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^ENTRY_TYPE_UNKNOWN: --type "backup.creatd"/);
    const proto = await cli('audit', '--db', t.dbPath, '--type', 'constructor');
    expect(proto.code).toBe(2);
    expect((await cli('audit', '--db', t.dbPath, '--type', 'backup.created', '--text')).code).toBe(0);
  });
});
