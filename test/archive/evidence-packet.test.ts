/**
 * The evidence packet of a batch (issue 15 item 2; P11-07, A11-27): written at the station,
 * proven offline by `batchline verify-packet` on a machine with neither the station database
 * nor the hub, and failing — naming what — for a changed byte, a removed entry and a revoked signer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { runCli } from '../fakes/cli-runner.ts';
import { tempDir } from '../fakes/test-station.ts';
import { cliDemoDb } from '../fakes/cli-demo-db.ts';
import { verifyEvidencePacket } from '../../src-core/archive/verify-packet.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { unwrap } from '../../src-shared/result.ts';
import { createSiteCa } from '../../src-core/pki/site-ca.ts';
import { inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { stationApiContract } from '../../src-shared/api/index.ts';
import { commandModules } from '../../src-cli/commands/index.ts';

const BATCH = 'B2026-0042';
let dir: string;
let siteFingerprint: string;
let packetPath: string;
let offline: string;

const run = (...args: string[]) => runCli(args);

beforeAll(async () => {
  dir = tempDir('batchline-packet-');
  await cliDemoDb(join(dir, 'station.db'));
  packetPath = join(dir, `${BATCH}.zip`);
  const r = await run('evidence', '--db', join(dir, 'station.db'), '--batch', BATCH, '--out', packetPath);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  // "Any machine": the packet alone, in a folder without the station database or its secret.
  offline = tempDir('batchline-packet-offline-');
  copyFileSync(packetPath, join(offline, 'packet.zip'));
  // The fingerprint the site publishes: its CA, read from the station's own genesis entry.
  const db = unwrap(openStationDb(join(dir, 'station.db'), { readonly: true }));
  const genesis = JSON.parse((db.sqlite.prepare('select payload from ledger_entries where seq = 1').get() as { payload: string }).payload) as { caCertPem: string };
  db.close();
  siteFingerprint = unwrap(inspectCertificate(genesis.caCertPem)).fingerprint;
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(offline, { recursive: true, force: true });
});

const files = () => unzipSync(readFileSync(join(offline, 'packet.zip')));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);
/** Re-zips changed files and, like a careful forger, re-hashes them in the manifest. */
function forge(change: (f: Record<string, Uint8Array>) => void, rehash = true): Uint8Array {
  const f = files();
  change(f);
  if (rehash) {
    const manifest = JSON.parse(text(f['manifest.json']!)) as { files: { path: string; sha256: string; bytes: number }[] };
    for (const entry of manifest.files) if (f[entry.path]) Object.assign(entry, { sha256: sha(f[entry.path]!), bytes: f[entry.path]!.length });
    f['manifest.json'] = bytes(JSON.stringify(manifest, null, 2));
  }
  return zipSync(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, [v, { level: 0 }]])));
}

describe('evidence packet', () => {
  it('P11-07 A11-27 the packet verifies offline, and holds every audit entry of the batch (count equals the database)', async () => {
    const r = await run('verify-packet', join(offline, 'packet.zip'), '--ca-fingerprint', siteFingerprint);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/verified packet of B2026-0042 \(format 1\) from station ST-DEMO-01/);
    const report = JSON.parse((await run('verify-packet', join(offline, 'packet.zip'), '--ca-fingerprint', siteFingerprint, '--json')).out) as ReturnType<typeof verifyEvidencePacket>;
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);

    const db = unwrap(openStationDb(join(dir, 'station.db'), { readonly: true }));
    const inDb = (db.sqlite.prepare('select seq, hash from ledger_entries where batch_ref = ? order by seq').all(BATCH) as { seq: number; hash: string }[]);
    db.close();
    const entries = JSON.parse(text(files()['ledger/entries.json']!)) as { entry: { seq: number; hash: string; batchRef: string | null } }[];
    const inPacket = entries.filter((e) => e.entry.batchRef === BATCH).map((e) => ({ seq: e.entry.seq, hash: e.entry.hash }));
    expect(inPacket.length).toBe(inDb.length);
    expect(inPacket).toEqual(inDb);
    expect(report.counts.batchEntries).toBe(inDb.length);
    expect(report.counts.signatures).toBeGreaterThan(0);
    // the record and the PDF slot
    const record = JSON.parse(text(files()['record/record.json']!)) as { batchNumber: string };
    expect(record.batchNumber).toBe(BATCH);
    // record/record.pdf: the same batch record as the one PDF renderer prints it, hash on its pages
    expect(JSON.parse(text(files()['manifest.json']!)).pdf.status).toBe('included');
    const pdfFile = join(offline, 'record.pdf');
    writeFileSync(pdfFile, files()['record/record.pdf']!);
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain(BATCH);
    expect(pdfText).toContain((record as unknown as { recordHash: string }).recordHash);
  });

  it('A11-27 one changed byte anywhere in a file fails, naming the file', () => {
    const raw = Buffer.from(readFileSync(join(offline, 'packet.zip')));
    // A byte inside ledger/entries.json (stored, not deflated): the first proof hash's first digit.
    const at = raw.indexOf('"proof": [') + '"proof": [\n      "'.length;
    expect(at).toBeGreaterThan(100);
    raw[at] = raw[at] === 0x61 ? 0x62 : 0x61;
    writeFileSync(join(offline, 'flipped.zip'), raw);
    const report = verifyEvidencePacket(raw);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toContain('PACKET_FILE_CHANGED');
    expect(report.problems.find((p) => p.code === 'PACKET_FILE_CHANGED')!.file).toBe('ledger/entries.json');
  });

  it('A11-27 a changed value re-hashed into the manifest still fails: the entry hash and the seal name it', () => {
    const forged = forge((f) => {
      const entries = JSON.parse(text(f['ledger/entries.json']!)) as { entry: { type: string; seq: number; payload: Record<string, unknown> } }[];
      const weighed = entries.find((e) => e.entry.type === 'dispense.weighed')!;
      weighed.entry.payload.note = 'changed';
      f['ledger/entries.json'] = bytes(JSON.stringify(entries, null, 2));
    });
    const report = verifyEvidencePacket(forged);
    expect(report.ok).toBe(false);
    const codes = report.problems.map((p) => p.code);
    expect(codes).toContain('HASH_MISMATCH');
    expect(codes).toContain('PACKET_SEAL_INVALID');
    expect(report.problems.find((p) => p.code === 'HASH_MISMATCH')!.where).toMatch(/^entry \d+ \(dispense\.weighed\)$/);
  });

  it('P11-07 an entry removed from the packet fails, naming the entry, even with the manifest re-hashed', async () => {
    let removed = 0;
    const forged = forge((f) => {
      const entries = JSON.parse(text(f['ledger/entries.json']!)) as { entry: { type: string; seq: number } }[];
      const i = entries.findIndex((e) => e.entry.type === 'deviation.raised');
      removed = entries[i]!.entry.seq;
      entries.splice(i, 1);
      f['ledger/entries.json'] = bytes(JSON.stringify(entries, null, 2));
    });
    writeFileSync(join(offline, 'removed.zip'), forged);
    const r = await run('verify-packet', join(offline, 'removed.zip'), '--ca-fingerprint', siteFingerprint);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`PACKET_ENTRY_MISSING at entry ${removed} (deviation.raised)`);
    // and the forger cannot re-list the batch without the station's key
    const relisted = forge((f) => {
      const entries = JSON.parse(text(f['ledger/entries.json']!)) as { entry: { seq: number } }[];
      f['ledger/entries.json'] = bytes(JSON.stringify(entries.filter((e) => e.entry.seq !== removed), null, 2));
      const m = JSON.parse(text(f['manifest.json']!)) as { batchEntries: [string, number, string, string][] };
      m.batchEntries = m.batchEntries.filter(([, seq]) => seq !== removed);
      f['manifest.json'] = bytes(JSON.stringify(m, null, 2));
    });
    const codes = verifyEvidencePacket(relisted).problems.map((p) => p.code);
    expect(codes).toContain('PACKET_SEAL_INVALID');
    expect(codes).toContain('PACKET_RECORD_HASH_MISMATCH');
  });

  it('P11-07 a signer revoked before signing fails, naming the signer; revoked after signing is noted, not failed', async () => {
    const manifest = JSON.parse(text(files()['certificates.json']!)) as { certificates: { fingerprint: string; kind: string; subjectId: string }[] };
    const entries = JSON.parse(text(files()['ledger/entries.json']!)) as { entry: { type: string; payload: Record<string, string> } }[];
    const sig = entries.find((e) => e.entry.type === 'signature.applied' && e.entry.payload.username === 'sup.wang')!.entry.payload;
    const before = new Date(Date.parse(sig.signedAt!) - 3_600_000).toISOString();
    const register = join(dir, 'hub-certificates.json');
    writeFileSync(register, JSON.stringify([{ fingerprint: sig.certFingerprint, revokedAt: before, revocationReason: 'key compromised' }]));
    const revokedPacket = join(dir, 'revoked.zip');
    const w = await run('evidence', '--db', join(dir, 'station.db'), '--batch', BATCH, '--out', revokedPacket, '--revocations', register);
    expect(w.code).toBe(0);
    const r = await run('verify-packet', revokedPacket, '--ca-fingerprint', siteFingerprint);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SIGNER_REVOKED at signer sup\.wang \(.+\), signature entry \d+: .*revoked at .*key compromised/);
    expect(manifest.certificates.some((c) => c.fingerprint === sig.certFingerprint)).toBe(true);

    // Revoked an hour after his last signature: the signatures stand, and the packet says so.
    writeFileSync(register, JSON.stringify([{ fingerprint: sig.certFingerprint, revokedAt: new Date(Date.now() + 3_600_000).toISOString(), revocationReason: 'left the company' }]));
    const later = join(dir, 'revoked-later.zip');
    expect((await run('evidence', '--db', join(dir, 'station.db'), '--batch', BATCH, '--out', later, '--revocations', register)).code).toBe(0);
    const ok = await run('verify-packet', later, '--ca-fingerprint', siteFingerprint);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('after the signature; the signature stands');
  });

  it('A11-27 a packet from another site fails when the site CA is pinned; garbage and unknown versions are typed refusals', async () => {
    const keys = JSON.parse(readFileSync(new URL('../fixtures/keys/rsa-3072-ca.json', import.meta.url), 'utf8')) as { publicKeyPem: string; privateKeyPem: string };
    const otherCa = createSiteCa({ commonName: 'Another plant CA', organisation: 'Elsewhere', validDays: 3650, now: new Date(), keyPair: keys }).certPem;
    expect(verifyEvidencePacket(readFileSync(join(offline, 'packet.zip')), { trustAnchorPem: otherCa }).problems.map((p) => p.code)).toContain('CERTIFICATE_INVALID');
    expect(verifyEvidencePacket(bytes('not a zip')).problems[0]!.code).toBe('PACKET_UNREADABLE');
    const future = forge((f) => {
      const m = JSON.parse(text(f['manifest.json']!)) as { formatVersion: number };
      m.formatVersion = 99;
      f['manifest.json'] = bytes(JSON.stringify(m));
    }, false);
    expect(verifyEvidencePacket(future).problems[0]!.code).toBe('PACKET_FORMAT_UNSUPPORTED');
    const missing = await run('evidence', '--db', join(dir, 'station.db'), '--batch', 'NO-SUCH', '--out', join(dir, 'none.zip'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('ORDER_UNKNOWN');
    // a bad register, no source, an existing file: typed refusals, nothing written
    writeFileSync(join(dir, 'bad-register.json'), JSON.stringify([{ fingerprint: 'nope', revokedAt: 'yesterday' }]));
    const bad = await run('evidence', '--db', join(dir, 'station.db'), '--batch', BATCH, '--out', join(dir, 'bad.zip'), '--revocations', join(dir, 'bad-register.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^INPUT_INVALID: .*fingerprint/);
    expect((await run('evidence', '--batch', BATCH, '--out', join(dir, 'none.zip'))).code).toBe(2);
    expect((await run('evidence', '--db', join(dir, 'station.db'), '--batch', BATCH, '--out', packetPath)).err).toContain('refusing to overwrite');
    expect(existsSync(join(dir, 'bad.zip')) || existsSync(join(dir, 'none.zip'))).toBe(false);
  });

  it('A11-27 verify-packet refuses to judge a packet without the site\'s CA: a forged packet brings its own, so only a pin (or an explicit --no-pin) decides', async () => {
    const packet = join(offline, 'packet.zip');
    const unpinned = await run('verify-packet', packet);
    expect(unpinned.code).toBe(2);
    expect(unpinned.err).toMatch(/^TRUST_ANCHOR_NOT_PINNED: /);
    expect(unpinned.out).toBe('');
    // the fingerprint as people copy it: upper case, in colon-separated pairs
    const copied = siteFingerprint.toUpperCase().match(/../g)!.join(':');
    const pinned = await run('verify-packet', packet, '--ca-fingerprint', copied);
    expect(pinned.code).toBe(0);
    expect(pinned.out).toContain(`site CA ${siteFingerprint} (pinned`);
    const keys = JSON.parse(readFileSync(new URL('../fixtures/keys/rsa-3072-ca.json', import.meta.url), 'utf8')) as { publicKeyPem: string; privateKeyPem: string };
    const other = unwrap(inspectCertificate(createSiteCa({ commonName: 'Another plant CA', organisation: 'Elsewhere', validDays: 3650, now: new Date(), keyPair: keys }).certPem)).fingerprint;
    const elsewhere = await run('verify-packet', packet, '--ca-fingerprint', other);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain(`CERTIFICATE_INVALID at the site CA: the site CA in the packet (${siteFingerprint}) is not the published one`);
    const noPin = await run('verify-packet', packet, '--no-pin');
    expect(noPin.code).toBe(0);
    expect(noPin.out).toContain('NOT PINNED (--no-pin)');
    const garbage = await run('verify-packet', packet, '--ca-fingerprint', 'not-a-fingerprint');
    expect(garbage.code).toBe(2);
    expect(garbage.err).toContain('not a SHA-256 fingerprint');
  });

  it('P11-04 P11-07 the station purges nothing: no station API method and no CLI command removes records or their audit trail', () => {
    const destructive = /purge|delete|remove|erase|truncate|drop/i;
    expect(Object.keys(stationApiContract).filter((m) => destructive.test(m))).toEqual([]);
    expect(commandModules.flatMap((m) => m.names).filter((n) => destructive.test(n))).toEqual([]);
  });
});
