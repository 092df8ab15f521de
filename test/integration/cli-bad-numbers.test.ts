/**
 * FR-138: every number a command takes on its command line is checked before it does anything:
 * a page size, a count, a port, a baud rate, a delay. Before, `run-order --max-commands abc` ran
 * with no limit (NaN), `label print --tcp host:99999` was taken, `simulate balance --baud 0` was
 * taken, and `balance stream --seconds 3000000` armed a timer past Node's range that fired at
 * once. Each is now a usage refusal (exit 2) naming the option, with nothing opened or written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src-cli/main.ts';
import type { CliIo } from '../../src-cli/cli-io.ts';
import { TEST_SECRET, makeTestStation, type TestStation } from '../fakes/test-station.ts';

let t: TestStation;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { BATCHLINE_STATION_SECRET: TEST_SECRET } };
  const code = await main(['node', 'batchline', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

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
      expect(r.err, args.join(' ')).toMatch(/^usage: /);
      expect(r.err, args.join(' ')).toMatch(says);
    }
    expect(t.ledger.head()?.seq ?? 0).toBe(head);
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
