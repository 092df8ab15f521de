/**
 * FR-155: every line a command prints is in the operator's language. With `--lang zh-CN` each
 * line of every registered command (held to the command table, so a command added later
 * without a case fails here) is one of: JSON; a line of the CLI's catalogue
 * (src-cli/words/cli-words-zh-CN.ts, its placeholders filled with data); or a typed refusal
 * `CODE: <zh-CN words>` (the error catalogue's words, a CLI catalogue line, or commander's usage
 * words). A catalogue line with no Chinese of its own (`{{seq}} {{step}} {{command}}`) may hold
 * data only, never an English sentence. Beside it: nothing is written before a refusal
 * (init-admin's `<db>.secret`, the station's and enrol's), restore checks its backup and target
 * before it asks for the secret, and BATCHLINE_DORMANT_DAYS is refused when it is no number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliRun } from '../fakes/cli-runner.ts';
import { cliDemoDb } from '../fakes/cli-demo-db.ts';
import { tempDir } from '../fakes/test-station.ts';
import { commandModules } from '../../src-cli/commands/index.ts';
import { runnableCommands } from '../../src-cli/cli-usage.ts';
import { cliWordsZhCN } from '../../src-cli/words/cli-words-zh-CN.ts';
import { cliWordsEn } from '../../src-cli/words/cli-words-en.ts';
import { errorsZhCN } from '../../src-shared/errors/words-zh-CN.ts';
import { errorsEn } from '../../src-shared/errors/words-en.ts';
import { DEMO_BATCH } from '../../src-main/demo/seed-dispensing.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';

const CHINESE = /[\u4e00-\u9fff]/;
/** Three or more English words in a row: a sentence, not a code, a unit or a name. */
const ENGLISH_SENTENCE = /\b[A-Za-z]{2,}[ ,;:'-]+[A-Za-z]{2,}[ ,;:'-]+[A-Za-z]{2,}\b/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Placeholders that carry words the CLI composes (a note, a warning, a refusal): no English sentence in them either, but for a detail in full-width brackets. */
const COMPOSED = new Set(['note', 'what', 'refusal', 'drift', 'validity', 'covers', 'subject', 'mode', 'kind', 'direction', 'content', 'proof', 'listed', 'reading']);
const outsideDetail = (s: string) => s.replace(/（[^（）]*(?:（[^（）]*）[^（）]*)*）/g, '');

interface Template {
  pattern: RegExp;
  names: string[];
  chinese: boolean;
}
const templates: Template[] = Object.values(cliWordsZhCN).map((t) => ({
  pattern: new RegExp(`^${escape(t).replace(/\\\{\\\{\w+\\\}\\\}/g, '([\\s\\S]*)')}$`),
  names: [...t.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!),
  chinese: CHINESE.test(t),
}));

function fromCatalogue(line: string): boolean {
  return templates.some((t) => {
    const m = t.pattern.exec(line);
    if (!m) return false;
    // A line with no Chinese of its own holds data only; a composed placeholder holds no English sentence.
    if (!t.chinese && ENGLISH_SENTENCE.test(line)) return false;
    return t.names.every((name, i) => !COMPOSED.has(name) || !ENGLISH_SENTENCE.test(outsideDetail(m[i + 1] ?? '')));
  });
}

/** Why a printed line is not in Chinese words, or null when it is. */
function notWorded(line: string): string | null {
  if (line.trim() === '') return null;
  if (/^\s*[[{]/.test(line)) {
    try {
      JSON.parse(line);
      return null;
    } catch {
      // a line that starts like JSON but is not: judged as words below
    }
  }
  if (fromCatalogue(line)) return null;
  const refusal = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(line);
  if (refusal) {
    const [, code, rest] = refusal as unknown as [string, string, string];
    const words = errorsZhCN[code as ErrorCode];
    if (words !== undefined && (rest === words || rest.startsWith(`${words}（`))) return null;
    if (fromCatalogue(rest)) return null;
    // Commander's usage errors, bad numbers and file failures: worded in cli-usage.ts, cli-number.ts, system-failure.ts.
    if (['USAGE_INVALID', 'NUMBER_INVALID', 'IO_ERROR'].includes(code) && CHINESE.test(rest) && !ENGLISH_SENTENCE.test(rest.replace(/'[^']*'|"[^"]*"|“[^”]*”/g, ''))) return null;
  }
  return 'not from a zh-CN catalogue';
}

let dir: string;
let demo: string;
const HUB = 'http://127.0.0.1:9'; // nothing listens on the discard port: every hub call is unreachable
const env = () => ({ BATCHLINE_PASSWORD: 'not-the-password-1', BATCHLINE_HUB_TOKEN: 'no-such-token', BATCHLINE_RELEASE_PASSPHRASE: 'a release passphrase for tests', BATCHLINE_CJK_FONT: undefined });

beforeAll(async () => {
  dir = tempDir('batchline-cli-words-');
  demo = join(dir, 'demo.db');
  await cliDemoDb(demo);
  writeFileSync(join(dir, 'label.json'), JSON.stringify({ lot: '' }));
  writeFileSync(join(dir, 'garbage.db'), 'not a database at all, just some bytes that are no SQLite file');
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One command line per registered command, the commands that do their work cheaply doing it. Order matters: backup before restore, evidence before verify-packet. */
const CASES: Record<string, () => string[]> = {
  verify: () => ['verify', '--db', demo],
  demo: () => ['demo', '--db', demo],
  audit: () => ['audit', '--db', demo, '--csv', join(dir, 'audit.csv')],
  'hub serve': () => ['hub', 'serve', '--port', '0'],
  'hub init-admin': () => ['hub', 'init-admin', '--user', 'admin'],
  'hub approve': () => ['hub', 'approve', 'REQ-1', '--hub', HUB, '--user', 'admin'],
  'hub reject': () => ['hub', 'reject', 'REQ-1', '--hub', HUB, '--user', 'admin', '--reason', 'no'],
  'hub enrolment-code': () => ['hub', 'enrolment-code', '--hub', HUB, '--user', 'admin'],
  'hub stations': () => ['hub', 'stations', '--hub', HUB, '--user', 'admin'],
  'hub iq': () => ['hub', 'iq'],
  enrol: () => ['enrol', '--db', demo, '--hub', HUB],
  sync: () => ['sync', '--db', demo, '--hub', HUB, '--once'],
  backup: () => ['backup', '--db', demo, '--out', join(dir, 'demo.bak')],
  restore: () => ['restore', '--backup', join(dir, 'demo.bak'), '--db', join(dir, 'restored.db'), '--secret-of', demo],
  station: () => ['station', '--db', demo],
  'station describe': () => ['station', 'describe', '--db', join(dir, 'nope.db')],
  'station init-admin': () => ['station', 'init-admin', '--db', join(dir, 'nope.db'), '--user', 'a', '--name', 'A'],
  'parse-balance': () => ['parse-balance', '--protocol', 'mt-sics', 'S S      12.345 g'],
  'balance identify': () => ['balance', 'identify', '--protocol', 'mt-sics', '--port', join(dir, 'no-such-port')],
  'balance read': () => ['balance', 'read', '--protocol', 'no-such-protocol', '--port', 'x'],
  'balance stable': () => ['balance', 'stable', '--protocol', 'mt-sics', '--port', 'x', '--fixed-unit', 'lb'],
  'balance tare': () => ['balance', 'tare', '--protocol', 'mt-sics', '--port', join(dir, 'no-such-port')],
  'balance zero': () => ['balance', 'zero', '--protocol', 'mt-sics', '--port', join(dir, 'no-such-port')],
  'balance stream': () => ['balance', 'stream', '--protocol', 'mt-sics', '--port', 'x'],
  'simulate balance': () => ['simulate', 'balance', '--protocol', 'no-such-protocol', '--link', join(dir, 'link')],
  'parse-barcode': () => ['parse-barcode', '(01)09506000134352(10)ABC123(17)260300'],
  'label preview': () => ['label', 'preview', '--data', join(dir, 'label.json'), '--out', join(dir, 'x.png')],
  'label print': () => ['label', 'print', '--data', join(dir, 'label.json')],
  'order import': () => ['order', 'import', join(dir, 'no-such-orders.json'), '--db', demo],
  orders: () => ['orders', '--db', demo],
  record: () => ['record', '--db', demo, '--batch', DEMO_BATCH],
  'run-order': () => ['run-order', '--db', join(dir, 'nope.db'), '--batch', DEMO_BATCH],
  trace: () => ['trace', '--lot', 'LOT-1', '--hub', HUB],
  rtm: () => ['rtm', '--strict', '--baseline', 'x.json'],
  qualify: () => ['qualify'],
  risk: () => ['risk', '--json', '--fmea'],
  'validation-kit': () => ['validation-kit'],
  evidence: () => ['evidence', '--db', demo, '--batch', DEMO_BATCH, '--out', join(dir, 'packet.zip')],
  'verify-packet': () => ['verify-packet', join(dir, 'packet.zip'), '--no-pin'],
  replay: () => ['replay', '--db', demo, '--batch', DEMO_BATCH],
  'trace-record': () => ['trace-record', '--entry', 'ST-DEMO-01:5', '--hub', HUB],
  'release keygen': () => ['release', 'keygen', '--out', join(dir, 'release.pem')],
  'release sign': () => ['release', 'sign', '--kit', join(dir, 'no-kit'), '--key', join(dir, 'release.pem')],
  'release verify': () => ['release', 'verify', '--kit', join(dir, 'no-kit'), '--public-key', join(dir, 'release.pub.pem')],
  'report accounts': () => ['report', 'accounts'],
  'report access': () => ['report', 'access', '--db', demo, '--at', 'not a date'],
  'report periodic': () => ['report', 'periodic', '--from', '2026-01-01', '--to', '2026-02-01'],
};

async function registeredCommands(): Promise<string[]> {
  const names: string[] = [];
  for (const m of commandModules) {
    const program = new Command('batchline');
    (await m.load())(program, { out: () => undefined, err: () => undefined, env: {} }, () => undefined);
    for (const c of runnableCommands(program)) {
      const path: string[] = [];
      for (let at: Command | null = c; at && at !== program; at = at.parent) path.unshift(at.name());
      names.push(path.join(' '));
    }
  }
  return names;
}

function unworded(run: CliRun): string[] {
  return [...run.outLines, ...run.errLines].flatMap((l) => l.split('\n')).filter((l) => notWorded(l) !== null);
}

describe('FR-155 every CLI line in the operator language', () => {
  it('FR-155 the zh-CN catalogue words every key of the English one, with the same placeholders, and no key has a dot', () => {
    expect(Object.keys(cliWordsZhCN).sort()).toEqual(Object.keys(cliWordsEn).sort());
    for (const [key, en] of Object.entries(cliWordsEn)) {
      const zh = cliWordsZhCN[key as keyof typeof cliWordsEn];
      expect(key, key).not.toContain('.');
      expect([...zh.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort(), key).toEqual([...en.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort());
      // A line with words of its own has them in Chinese; a line of data only has none in either.
      if (ENGLISH_SENTENCE.test(en.replace(/\{\{\w+\}\}/g, ''))) expect(zh, key).toMatch(CHINESE);
    }
    // trace-record's label for an entry the hub has not received is 接收 (received), not 已接收 (it was received).
    expect(cliWordsZhCN.trNotReceived).toMatch(/^接收\s+不在中心服务器上$/);
    for (const code of ['FILE_NOT_FOUND', 'FILE_EXISTS', 'PASSWORD_NOT_GIVEN', 'SETTING_INVALID'] as const) {
      expect(errorsEn[code], code).toBeTruthy();
      expect(errorsZhCN[code], code).toMatch(CHINESE);
    }
  });

  it('FR-155 every registered command, run with --lang zh-CN, prints no English sentence: each line is JSON, a zh-CN catalogue line or a typed refusal in Chinese', { timeout: 300_000 }, async () => {
    expect(Object.keys(CASES).sort()).toEqual((await registeredCommands()).sort());
    const left: string[] = [];
    let worked = 0;
    for (const [name, args] of Object.entries(CASES)) {
      const run = await runCli([...args(), '--lang', 'zh-CN'], { env: env() });
      if (run.code === 0) worked += 1;
      for (const line of unworded(run)) left.push(`${name}: ${line}`);
    }
    expect(left).toEqual([]);
    // The commands that do their work here did it (their success lines were judged, not only refusals).
    expect(worked).toBeGreaterThanOrEqual(12);
  });

  it('FR-155 --version and a refusal of the CLI’s own checks read in Chinese, and as { ok: false, error } JSON with --json', async () => {
    const version = await runCli(['--version', '--lang', 'zh-CN']);
    expect(version.code).toBe(0);
    expect(version.outLines.filter((l) => notWorded(l) !== null)).toEqual([]);
    const text = await runCli(['verify', '--db', join(dir, 'nope.db'), '--lang', 'zh-CN']);
    expect([text.code, text.err]).toEqual([2, `FILE_NOT_FOUND: 数据库不存在：${join(dir, 'nope.db')}`]);
    const json = await runCli(['verify', '--db', join(dir, 'nope.db'), '--json']);
    expect([json.code, json.json()]).toEqual([2, { ok: false, error: { code: 'FILE_NOT_FOUND', message: `no such database: ${join(dir, 'nope.db')}`, detail: `no such database: ${join(dir, 'nope.db')}` } }]);
  });

  it('FR-155 a command’s own refusal with --json has the shape of every other: message in --lang, detail the English sentence', async () => {
    const zh = await runCli(['verify', '--db', join(dir, 'nope.db'), '--json', '--lang', 'zh-CN']);
    expect([zh.code, zh.json()]).toEqual([2, { ok: false, error: { code: 'FILE_NOT_FOUND', message: `数据库不存在：${join(dir, 'nope.db')}`, detail: `no such database: ${join(dir, 'nope.db')}` } }]);
    // A refusal printFailure gives (a code of the error catalogue) carries detail too.
    const other = await runCli(['station', 'init-admin', '--db', join(dir, 'unprovisioned-json.db'), '--user', 'a', '--name', 'A', '--json', '--lang', 'zh-CN'], { env: { BATCHLINE_PASSWORD: 'a-password-1234' } });
    expect(Object.keys(other.json<{ error: Record<string, unknown> }>().error).sort()).toEqual(['code', 'detail', 'message']);
  });
});

describe('FR-155 nothing written before a refusal', () => {
  it('FR-155 station init-admin on a database that does not exist refuses and writes no <db>.secret beside it; nor does the web station or enrol', async () => {
    const nope = join(dir, 'unprovisioned.db');
    const admin = await runCli(['station', 'init-admin', '--db', nope, '--user', 'a', '--name', 'A'], { env: { BATCHLINE_PASSWORD: 'a-password-1234' } });
    expect(admin.code, admin.err).toBe(1);
    expect(admin.err).toContain('STATION_NOT_PROVISIONED');
    expect([existsSync(nope), existsSync(`${nope}.secret`)]).toEqual([false, false]);
    const web = await runCli(['station', '--web', '--port', '0', '--db', nope]);
    expect(web.err).toContain('STATION_NOT_PROVISIONED');
    expect([existsSync(nope), existsSync(`${nope}.secret`)]).toEqual([false, false]);
    const garbage = join(dir, 'garbage.db');
    const enrol = await runCli(['enrol', '--db', garbage, '--hub', HUB, '--code', 'ABC']);
    expect(enrol.code).toBe(1);
    expect(existsSync(`${garbage}.secret`)).toBe(false);
  });

  it('FR-155 restore checks that the backup is there and the target is new before it asks for the station secret', async () => {
    const missing = await runCli(['restore', '--backup', join(dir, 'no-such.bak'), '--db', join(dir, 'r1.db'), '--json']);
    // Exit 2 for usage and files, as README and the IT guide say.
    expect([missing.code, missing.json<{ error: { code: string } }>().error.code]).toEqual([2, 'FILE_NOT_FOUND']);
    mkdirSync(join(dir, 'bak'), { recursive: true });
    writeFileSync(join(dir, 'bak', 'x.bak'), 'x');
    writeFileSync(join(dir, 'bak', 'x.bak.manifest.json'), '{}');
    const target = await runCli(['restore', '--backup', join(dir, 'bak', 'x.bak'), '--db', demo, '--json']);
    expect([target.code, target.json<{ error: { code: string } }>().error.code]).toEqual([2, 'FILE_EXISTS']);
    const noSecret = await runCli(['restore', '--backup', join(dir, 'bak', 'x.bak'), '--db', join(dir, 'r2.db'), '--json']);
    expect([noSecret.code, noSecret.json<{ error: { code: string } }>().error.code]).toEqual([2, 'USAGE_INVALID']);
  });

  it('FR-155 BATCHLINE_DORMANT_DAYS that is no whole number of days is refused at start (SETTING_INVALID), before the hub database opens', async () => {
    for (const bad of ['abc', '0x10', '1e2', ' 30', '0', '-5', '30.5']) {
      const data = join(dir, `hub-${Math.random().toString(36).slice(2)}`);
      const run = await runCli(['report', 'accounts', '--data', data, '--json'], { env: { BATCHLINE_DORMANT_DAYS: bad } });
      expect([run.code, run.json<{ error: { code: string } }>().error.code], JSON.stringify(bad)).toEqual([2, 'SETTING_INVALID']);
      expect(existsSync(data), bad).toBe(false);
    }
  });

  it('FR-155 an empty BATCHLINE_DORMANT_DAYS is unset, as an empty password variable is: no refusal', async () => {
    const data = join(dir, `hub-${Math.random().toString(36).slice(2)}`);
    const run = await runCli(['report', 'accounts', '--data', data, '--json'], { env: { BATCHLINE_DORMANT_DAYS: '' } });
    expect(run.out + run.err).not.toContain('SETTING_INVALID');
  });
});
