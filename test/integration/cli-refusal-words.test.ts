/**
 * FR-149: a typed refusal of any command speaks the language asked for. With `--lang zh-CN` the
 * line reads `CODE: <the zh-CN operator words for CODE>（<the internal message>）`; with `--json`
 * the error's `message` is the words in --lang and `detail` the internal message. The words are
 * the ones the station UI and the console show (src-shared/errors/words-zh-CN.ts), not English.
 * English keeps `CODE: <internal message>`. One refusal per command module (the cases are held to
 * the command table, so a module added later without one fails here), each as text and as JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { tamper } from '../fakes/ledger-attacker.ts';
import { commandModules } from '../../src-cli/commands/index.ts';
import { errorsEn } from '../../src-shared/errors/words-en.ts';
import { errorsZhCN } from '../../src-shared/errors/words-zh-CN.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';

let t: TestStation;
let hub: Server;
let hubUrl: string;
const RELEASE_PASSPHRASE = 'a release passphrase for tests';

beforeAll(async () => {
  t = makeTestStation();
  t.close();
  writeFileSync(join(t.dir, 'garbage.db'), 'not a database at all, just some bytes that are no SQLite file');
  // FR-155: restore checks that the backup and its manifest are there before anything else; a manifest that is no JSON is the restore's own refusal.
  writeFileSync(join(t.dir, 'garbage.db.manifest.json'), 'not JSON');
  writeFileSync(join(t.dir, 'label.json'), JSON.stringify({ lot: '' }));
  writeFileSync(join(t.dir, 'results.json'), '"not the vitest JSON reporter output"');
  mkdirSync(join(t.dir, 'empty-kit'));
  const keygen = await runCli(['release', 'keygen', '--out', join(t.dir, 'release.pem')], { env: { BATCHLINE_RELEASE_PASSPHRASE: RELEASE_PASSPHRASE } });
  expect(keygen.code, keygen.err).toBe(0);
  copyFileSync(t.dbPath, join(t.dir, 'cut.db'));
  tamper(join(t.dir, 'cut.db'), (db) => db.prepare('delete from ledger_entries where seq = 3').run());
  // A hub that refuses every request as a wrong login: the CLI prints the hub's typed refusal.
  hub = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'no user "nobody" with that password' } }));
  });
  await new Promise<void>((done) => hub.listen(0, '127.0.0.1', done));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await new Promise((done) => hub?.close(done));
});

const env = () => ({ BATCHLINE_STATION_SECRET: TEST_SECRET, BATCHLINE_PASSWORD: 'not-the-password-1', BATCHLINE_HUB_TOKEN: undefined });

const ZH_PREFIX: Record<string, string> = { 'refused: ': '已拒绝：', 'restore REFUSED: ': '恢复被拒绝：' };

interface Case {
  args: () => string[];
  code: ErrorCode;
  /** What the command prints before the refusal on its line (`refused: `, `restore REFUSED: `). */
  prefix?: string;
}

const CASES: Case[] = [
  { args: () => ['station', 'init-admin', '--db', join(t.dir, 'nope.db'), '--user', 'a', '--name', 'A'], code: 'STATION_NOT_PROVISIONED' },
  { args: () => ['verify', '--db', join(t.dir, 'garbage.db')], code: 'IO_ERROR' },
  { args: () => ['audit', '--db', t.dbPath, '--type', 'no.such.type'], code: 'ENTRY_TYPE_UNKNOWN' },
  { args: () => ['backup', '--db', join(t.dir, 'garbage.db'), '--out', join(t.dir, 'x.bak')], code: 'IO_ERROR' },
  { args: () => ['restore', '--backup', join(t.dir, 'garbage.db'), '--db', join(t.dir, 'restored.db')], code: 'INPUT_INVALID', prefix: 'restore REFUSED: ' },
  { args: () => ['sync', '--db', t.dbPath, '--hub', hubUrl, '--once'], code: 'STATION_NOT_ENROLLED', prefix: 'refused: ' },
  { args: () => ['enrol', '--db', t.dbPath, '--hub', hubUrl, '--code', 'ABC'], code: 'AUTH_INVALID_CREDENTIALS', prefix: 'refused: ' },
  { args: () => ['hub', 'stations', '--hub', hubUrl, '--user', 'nobody'], code: 'AUTH_INVALID_CREDENTIALS', prefix: 'refused: ' },
  { args: () => ['verify-packet', join(t.dir, 'garbage.db')], code: 'TRUST_ANCHOR_NOT_PINNED' },
  { args: () => ['replay', '--db', t.dbPath, '--batch', 'NO-SUCH'], code: 'ORDER_UNKNOWN' },
  { args: () => ['report', 'accounts', '--db', join(t.dir, 'garbage.db')], code: 'IO_ERROR' },
  { args: () => ['trace', '--lot', 'X', '--hub', hubUrl, '--user', 'nobody'], code: 'AUTH_INVALID_CREDENTIALS' },
  { args: () => ['label', 'preview', '--data', join(t.dir, 'label.json'), '--out', join(t.dir, 'x.png')], code: 'LABEL_FIELD_INVALID' },
  { args: () => ['parse-balance', '--protocol', 'mt-sics', 'not a balance line'], code: 'BALANCE_LINE_MALFORMED' },
  { args: () => ['record', '--db', t.dbPath, '--batch', 'NO-SUCH'], code: 'ORDER_UNKNOWN' },
  { args: () => ['rtm', '--results', join(t.dir, 'results.json')], code: 'INPUT_INVALID' },
  { args: () => ['risk', '--register', join(t.dir, 'garbage.db')], code: 'INPUT_INVALID' },
  { args: () => ['release', 'verify', '--kit', join(t.dir, 'empty-kit'), '--public-key', join(t.dir, 'release.pub.pem')], code: 'RELEASE_FILE_MISSING', prefix: 'refused: ' },
];

/** Modules whose commands print no typed refusal of their own: qualify's failures are checks in its signed report, worded by the report's --lang. */
const NO_REFUSAL = new Set(['qualify']);

interface JsonRefusal {
  ok: false;
  error: { code: string; message: string; detail?: string };
}

describe('FR-149 CLI refusals in the language asked for', () => {
  it('FR-149 with --lang zh-CN a refusal of every command family gives the zh-CN words for its code, the internal message as the detail; JSON: message in --lang, detail', { timeout: 180_000 }, async () => {
    // The cases cover every command module, so a module added later without one fails here.
    const covered = new Set(CASES.map((c) => c.args()[0]!));
    const uncovered = commandModules.filter((m) => !m.names.some((n) => covered.has(n) || NO_REFUSAL.has(n))).map((m) => m.names.join('/'));
    expect(uncovered).toEqual([]);
    const wrong: string[] = [];
    for (const c of CASES) {
      const args = c.args();
      const words = errorsZhCN[c.code];
      // The catalogue's own guard: Chinese words, not the English ones copied over.
      if (words === undefined || words === errorsEn[c.code]) {
        wrong.push(`${c.code}: no zh-CN words of its own`);
        continue;
      }
      const prefix = c.prefix ?? '';
      // FR-155: the command's own prefix is worded in --lang too (src-cli/words).
      const zhPrefix = ZH_PREFIX[prefix] ?? prefix;
      const json = await runCli([...args, '--lang', 'zh-CN', '--json'], { env: env() });
      const parsed = json.out.startsWith('{') ? (JSON.parse(json.out) as JsonRefusal) : null;
      const detail = parsed?.error.detail;
      if (json.code === 0 || parsed?.ok !== false || parsed.error.code !== c.code || parsed.error.message !== words || !detail) {
        wrong.push(`${args.join(' ')} --json: exit ${json.code}, out ${json.out}, err ${json.err}`);
        continue;
      }
      const zh = await runCli([...args, '--lang', 'zh-CN'], { env: env() });
      if (zh.code !== json.code || !zh.errLines.includes(`${zhPrefix}${c.code}: ${words}（${detail}）`)) wrong.push(`${args.join(' ')} --lang zh-CN: exit ${zh.code}, err ${zh.err}`);
      // English stays as it was: the code and the internal message.
      const en = await runCli(args, { env: env() });
      if (en.code !== json.code || !en.errLines.includes(`${prefix}${c.code}: ${detail}`)) wrong.push(`${args.join(' ')}: exit ${en.code}, err ${en.err}`);
    }
    expect(wrong).toEqual([]);
  });

  it('FR-149 verify of a cut ledger names the entry with the zh-CN words for its code; its JSON keeps its flat shape and adds the words as message', async () => {
    const db = join(t.dir, 'cut.db');
    const zh = await runCli(['verify', '--db', db, '--lang', 'zh-CN'], { env: env() });
    expect(zh.code).toBe(1);
    const head = `校验失败，位于第 3 条：SEQ_GAP: ${errorsZhCN.SEQ_GAP}（`;
    expect(zh.err.slice(0, head.length)).toBe(head);
    expect(zh.err.endsWith('）')).toBe(true);
    const json = await runCli(['verify', '--db', db, '--lang', 'zh-CN', '--json'], { env: env() });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, code: 'SEQ_GAP', seq: 3, reason: expect.any(String), message: errorsZhCN.SEQ_GAP });
    const en = await runCli(['verify', '--db', db], { env: env() });
    expect(en.err).toMatch(/^verification FAILED at entry 3: SEQ_GAP: [^（]+$/);
  });
});
