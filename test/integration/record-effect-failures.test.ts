/**
 * FR-137, the record and the effect it records never disagree when one of them fails (21 CFR
 * 11.10(e), ALCOA+ accurate; COMPLIANCE A11-13 for backups).
 *
 * A backup holds its own `backup.created` entry, so the entry is appended before the copy: a
 * copy, a verification or a manifest that fails after it (a full disk mid-copy, a copy that does
 * not verify) used to leave the ledger saying "backup written" beside a partial file. Now the
 * partial file goes, a `backup.failed` entry names the file, the `backup.created` entry and the
 * typed error, and the caller gets that error (IO_ERROR, exit 2 at the CLI).
 *
 * A refused order, IPQC or campaign command whose refusal the ledger cannot take (the GMP gate,
 * the clock set back, a full disk) used to throw; it now returns the ledger's typed error.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { TEST_SECRET } from '../fakes/test-station.ts';
import { DEMO_BOOTH, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, runTo } from '../engine/engine-test-kit.ts';
import { withCheckPlans } from '../ipqc/ipqc-plans.ts';
import { backupStation } from '../../src-main/backup/station-backup.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { err, unwrap, type Result } from '../../src-shared/result.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { asc, eq } from 'drizzle-orm';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { ledgerEntries } from '../../src-server/db/schema.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);

const cli = (...args: string[]) => runCli(args, { env: { BATCHLINE_STATION_SECRET: TEST_SECRET } });

/** SQLite's online backup that writes part of the file, then fails as a full disk does. */
function diskFullMidCopy(outFile: string): Promise<never> {
  writeFileSync(outFile, Buffer.alloc(8192, 0x53));
  return Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
}

describe('FR-137 A11-13 a backup that fails after its entry is undone and recorded as failed', () => {
  let t: TestStation | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    t?.cleanup();
    t = undefined;
  });

  it('A11-13 FR-137 a disk full mid-copy leaves no file, a backup.failed entry after the backup.created, a ledger that verifies, worded in en and zh-CN', async () => {
    t = makeTestStation();
    const out = join(t.dir, 'full.bak');
    vi.spyOn(t.db.sqlite, 'backup').mockImplementation((file: string) => diskFullMidCopy(file));
    const r = await backupStation(t, t.userId('admin'), out);
    expect(codeOf(r)).toBe('IO_ERROR');
    expect(!r.ok && r.error.details).toMatchObject({ errno: 'ENOSPC' });
    // Nothing on disk claims to be a backup.
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.manifest.json`)).toBe(false);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('full.bak'))).toEqual([]);
    // The record says what happened: announced, then failed, naming the file, the entry and the code.
    const created = t.ledger.query({ types: ['backup.created'] });
    const failed = t.ledger.query({ types: ['backup.failed'] });
    expect(created).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.seq).toBeGreaterThan(created[0]!.seq);
    expect(failed[0]!.payload).toMatchObject({ file: 'full.bak', backupSeq: created[0]!.seq, code: 'IO_ERROR', removed: true });
    expect(failed[0]!.actor).toBe(t.userId('admin'));
    expect(verifyLedger({ entries: t.ledger.iterate(), checkpoints: t.ledger.checkpoints() }).ok).toBe(true);
    // The audit trail words it in both languages.
    const line = describeEntry('backup.failed', failed[0]!.payload);
    expect(renderRecordLine(line, 'en')).toBe(`Backup to full.bak (entry ${created[0]!.seq}) failed (IO_ERROR): no backup was written, the partial file was removed`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`备份到 full.bak（记录 ${created[0]!.seq}）失败（IO_ERROR）：未写入备份，不完整的文件已删除`);
  });

  it('A11-13 FR-137 a copy that does not verify is removed with its failure recorded, and the next backup to the same name succeeds', async () => {
    t = makeTestStation();
    const out = join(t.dir, 'bad.bak');
    const spy = vi.spyOn(t.db.sqlite, 'backup').mockImplementation((file: string) => {
      writeFileSync(file, 'not a station database');
      return Promise.resolve({ totalPages: 1, remainingPages: 0 });
    });
    const r = await backupStation(t, null, out);
    expect(codeOf(r)).toBe('IO_ERROR');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.manifest.json`)).toBe(false);
    const failed = t.ledger.query({ types: ['backup.failed'] });
    expect(failed.map((e) => e.payload)).toEqual([expect.objectContaining({ file: 'bad.bak', backupSeq: t.ledger.query({ types: ['backup.created'] })[0]!.seq, code: 'IO_ERROR', removed: true })]);
    expect(failed[0]!.payload.message).toMatch(/cannot read .*bad\.bak as a station database/);
    spy.mockRestore();
    // The name is free again: the backup that works is written and verified.
    const manifest = unwrap(await backupStation(t, null, out));
    expect(manifest.file).toBe('bad.bak');
    expect(existsSync(`${out}.manifest.json`)).toBe(true);
    expect(t.ledger.query({ types: ['backup.created'] })).toHaveLength(2);
    expect(verifyLedger({ entries: t.ledger.iterate(), checkpoints: t.ledger.checkpoints() }).ok).toBe(true);
  });

  it('A11-13 FR-137 FR-138 `batchline backup` with a disk full mid-copy answers IO_ERROR, exit 2; `verify` accepts the ledger and `audit --text` words the failure in en and zh-CN', async () => {
    t = makeTestStation();
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const out = join(t.dir, 'cli-full.bak');
    vi.spyOn(Database.prototype, 'backup').mockImplementation((file: string) => diskFullMidCopy(file));
    const r = await cli('backup', '--db', t.dbPath, '--out', out);
    vi.restoreAllMocks();
    expect(r.code).toBe(2);
    // The CLI words a file the system refused in --lang (FR-138's shared words): the full disk named.
    expect(r.err).toMatch(/^IO_ERROR: cannot use .*cli-full\.bak: no space left on the disk$/);
    expect(existsSync(out)).toBe(false);
    expect((await cli('verify', '--db', t.dbPath)).code).toBe(0);
    const en = await cli('audit', '--db', t.dbPath, '--type', 'backup.created', 'backup.failed', '--text');
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/Backup written to cli-full\.bak[\s\S]*Backup to cli-full\.bak \(entry \d+\) failed \(IO_ERROR\): no backup was written, the partial file was removed/);
    const zh = await cli('audit', '--db', t.dbPath, '--type', 'backup.failed', '--text', '--lang', 'zh-CN');
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/备份到 cli-full\.bak（记录 \d+）失败（IO_ERROR）：未写入备份，不完整的文件已删除/);
  });

  it('A11-13 FR-137 FR-08 the hub accepts a pushed ledger holding a backup.failed entry (its intake verifies the new type) and stores it as signed', async () => {
    t = makeTestStation();
    let hub: TestHub | undefined;
    try {
      hub = await startTestHub({ backend: 'pglite', clock: t.clock });
      vi.spyOn(t.db.sqlite, 'backup').mockImplementation((file: string) => diskFullMidCopy(file));
      expect(codeOf(await backupStation(t, null, join(t.dir, 'hub.bak')))).toBe('IO_ERROR');
      vi.restoreAllMocks();
      const transport = httpTransport(hub.url);
      await enrolStation(t, hub, transport);
      const sync = syncService(t, transport);
      unwrap(await sync.runOnce());
      unwrap(await sync.runOnce());
      const failed = t.ledger.query({ types: ['backup.failed'] })[0]!;
      const stored = await hub.hub.db.orm.select({ seq: ledgerEntries.seq, type: ledgerEntries.type, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
      expect(stored.find((e) => e.seq === failed.seq)).toEqual({ seq: failed.seq, type: 'backup.failed', hash: failed.hash });
      expect(stored.length).toBeGreaterThanOrEqual(failed.seq);
    } finally {
      await hub?.close();
    }
  });

  it('A11-13 FR-137 a restore whose backup.restored entry the restored ledger refuses (its last entry later than this clock) is undone: no restored database is left without its record', async () => {
    t = makeTestStation();
    // The backed-up ledger ends a year ahead of the (system) clock the CLI restores with.
    t.clock.set(new Date(Date.now() + 365 * 24 * 3_600_000));
    unwrap(t.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: null, payload: { text: 'written by a clock a year ahead' } }]));
    const out = join(t.dir, 'ahead.bak');
    unwrap(await backupStation(t, null, out));
    const target = join(t.dir, 'restored.db');
    const r = await cli('restore', '--backup', out, '--db', target);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/^LEDGER_TIME_BACKWARDS: /);
    expect(r.err).toMatch(/restore undone: .*restored\.db removed, as its restore could not be recorded/);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('restored.db'))).toEqual([]);
  });

  it('A11-13 FR-137 a manifest left from an earlier backup is refused before the ledger records anything, and never removed', async () => {
    t = makeTestStation();
    const out = join(t.dir, 'left.bak');
    writeFileSync(`${out}.manifest.json`, '{}');
    const before = t.ledger.head()!.seq;
    expect(codeOf(await backupStation(t, null, out))).toBe('CONFLICT');
    expect(t.ledger.head()!.seq).toBe(before);
    expect(existsSync(`${out}.manifest.json`)).toBe(true);
  });
});

describe('FR-137 a refused command whose refusal cannot be recorded returns the ledger\'s typed error', () => {
  let d: DispensingStation | undefined;
  afterEach(() => {
    d?.close();
    d = undefined;
  });
  const gate = () => d!.station.ledger.setGate(() => err('STATION_INTEGRITY_FAILED', 'refused by the test gate'));
  const refusals = () => d!.station.ledger.query({ types: ['engine.command_refused'], limit: 10_000 }).length;

  it('FR-137 P11-31 an order command the engine refuses, whose refusal the ledger refuses, returns STATION_INTEGRITY_FAILED and does not throw', async () => {
    d = await makeDispensingStation();
    d.importOrder('B-RFX-1');
    await runTo(d, 'B-RFX-1', at('S01'));
    const s = d.login('op.li');
    const before = refusals();
    gate();
    const r = await exec(d, s, 'B-RFX-1', { type: 'checklist', stepId: 'S99', answers: [] });
    expect(codeOf(r)).toBe('STATION_INTEGRITY_FAILED');
    expect(refusals()).toBe(before);
  });

  it('FR-137 FR-52 an IPQC command refused (unknown check) whose refusal the ledger refuses returns the ledger\'s error and does not throw', async () => {
    d = await makeDispensingStation();
    withCheckPlans(d);
    d.importOrder('B-RFX-2');
    const s = d.login('op.li');
    await runTo(d, 'B-RFX-2', (v) => v.status === 'in-progress', undefined, { sessionId: s });
    const before = refusals();
    gate();
    const unknown = d.station.ipqc.record(s, { batchNumber: 'B-RFX-2', checkId: 'NO-SUCH-CHECK', values: ['1'], username: 'op.li', password: 'x' });
    expect(codeOf(unknown)).toBe('STATION_INTEGRITY_FAILED');
    expect(refusals()).toBe(before);
  });

  it('FR-137 FR-16 a campaign command refused (unknown campaign) whose refusal the ledger refuses returns the ledger\'s error and does not throw', async () => {
    d = await makeDispensingStation();
    const s = d.login('op.li');
    const before = refusals();
    gate();
    const r = d.station.campaigns.endCampaign(s, { boothId: DEMO_BOOTH, campaignId: 'CMP-NONE' });
    expect(codeOf(r)).toBe('STATION_INTEGRITY_FAILED');
    expect(refusals()).toBe(before);
  });
});
