/**
 * FR-138: a file a command was told to write or read that the system refuses (a folder that does
 * not exist, a folder where a file was named) is a typed IO_ERROR with exit 2, in the language
 * asked for (`--lang zh-CN`) and as JSON with `--json` — never Node's stack trace and exit 1 —
 * for every command that writes a file (audit --csv/--pdf, record --pdf, evidence --out,
 * backup --out, restore --db). A backup refused that way records no "backup written" entry: it
 * did, naming a backup that never existed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { TEST_SECRET } from '../fakes/test-station.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';
import { recordBatch } from '../quality/support/station-batch.ts';

let api: TestApi;
const BATCH = 'B-FILE-001';

const cli = (...args: string[]) => runCli(args, { env: { BATCHLINE_STATION_SECRET: TEST_SECRET } });

beforeAll(() => {
  api = makeTestApi();
  recordBatch(api.station, { batchNumber: BATCH, apiLot: 'API-LOT-F', excipientLot: 'MCC-LOT-F' });
  api.station.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
});
afterAll(() => api?.station.cleanup());

describe('FR-138 files the system refuses', () => {
  it('FR-138 every command that writes a file answers a missing folder or a folder named as the file with IO_ERROR and exit 2, never a stack trace', async () => {
    const db = api.station.dbPath;
    const missing = join(api.station.dir, 'no-such-folder', 'out');
    const folder = api.station.dir;
    const backup = join(api.station.dir, 'good.bak');
    expect((await cli('backup', '--db', db, '--out', backup)).code).toBe(0);
    const cases: string[][] = [
      ['audit', '--db', db, '--csv', `${missing}.csv`],
      ['audit', '--db', db, '--csv', folder],
      ['audit', '--db', db, '--pdf', `${missing}.pdf`],
      ['record', '--db', db, '--batch', BATCH, '--pdf', `${missing}.pdf`],
      ['record', '--db', db, '--batch', BATCH, '--pdf', folder],
      ['evidence', '--db', db, '--batch', BATCH, '--out', `${missing}.zip`],
      ['restore', '--backup', backup, '--db', `${missing}.db`],
    ];
    for (const args of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(/^IO_ERROR: cannot use \S+: (no such file or folder|it is a folder, not a file)$/);
    }
  });

  it('FR-138 the refusal is in the language asked for, and JSON with --json', async () => {
    const missing = join(api.station.dir, 'no-such-folder', 'audit.csv');
    const zh = await cli('audit', '--db', api.station.dbPath, '--csv', missing, '--lang', 'zh-CN');
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(`IO_ERROR: 无法使用 ${missing}：文件或文件夹不存在`);
    const json = await cli('record', '--db', api.station.dbPath, '--batch', BATCH, '--json', '--pdf', missing);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: { code: 'IO_ERROR', message: `cannot use ${missing}: no such file or folder`, details: { errno: 'ENOENT', path: missing } } });
  });

  it('FR-138 A11-13 a backup into a folder that does not exist is refused before the ledger records it, in --lang and JSON with --json', async () => {
    const before = api.station.ledger.head()!.seq;
    const r = await cli('backup', '--db', api.station.dbPath, '--out', join(api.station.dir, 'no-such-folder', 'b.bak'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^IO_ERROR: cannot use \S*no-such-folder: no such file or folder$/);
    const zh = await cli('backup', '--db', api.station.dbPath, '--out', join(api.station.dir, 'no-such-folder', 'b.bak'), '--lang', 'zh-CN');
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(`IO_ERROR: 无法使用 ${join(api.station.dir, 'no-such-folder')}：文件或文件夹不存在`);
    const json = await cli('backup', '--db', api.station.dbPath, '--out', join(api.station.dir, 'no-such-folder', 'b.bak'), '--json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: { code: 'IO_ERROR', details: { errno: 'ENOENT' } } });
    expect(api.station.ledger.head()!.seq).toBe(before);
  });
});
