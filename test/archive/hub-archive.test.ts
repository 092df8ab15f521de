/**
 * The archive at the hub (issue 11), on batches recorded at a real station and received through
 * the ordinary signed sync: the hub's evidence packet and archive register (P11-07, A11-27),
 * search for inspection and the read-only inspector (DI-09), one weighing followed from the
 * station to the archive (D25-11), retention and purge (P11-04, P11-07).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { recordBatch, type RecordedBatch } from '../quality/support/station-batch.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { QUALITY_BACKENDS } from '../quality/support/quality-backends.ts';
import { ADMIN_PASSWORD } from '../hub/support/test-hub.ts';
import { tempDir } from '../fakes/test-station.ts';
import { verifyEvidencePacket } from '../../src-core/archive/verify-packet.ts';
import { inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { ledgerEntries, hubAudit } from '../../src-server/db/schema.ts';
import { qualitySignatures } from '../../src-server/quality/db/quality-schema.ts';
import { purgedEntries } from '../../src-server/archive/archive-schema.ts';
import type { ArchiveSearchResult, EntryTrace, PurgeRequestView } from '../../src-shared/archive/archive-contract.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { unwrap } from '../../src-shared/result.ts';

const INSPECTOR = 'insp.agency';
let q: QualityHub;
let clean: RecordedBatch;
let other: RecordedBatch;
let dir: string;

async function raw(path: string, token: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const res = await fetch(q.hub.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}
const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
async function adminToken(): Promise<string> {
  const r = await q.hub.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'it.admin', password: ADMIN_PASSWORD });
  expect(r.status).toBe(200);
  return r.body.token;
}
const cli = (...args: string[]) => runCli(args, { env: { BATCHLINE_PASSWORD: HUB_PASSWORD } });
const db = () => q.hub.hub.db.orm;
/**
 * The hub clock passes `days` while the people who act later keep logging in (at most 150 days
 * apart), as they would at a plant: an account idle past its dormancy limit is disabled (DI-11).
 */
async function passDaysInUse(days: number): Promise<void> {
  const people: Array<[string, string]> = [['it.admin', ADMIN_PASSWORD], ...['qa.hub', 'qa.second', INSPECTOR].map((u): [string, string] => [u, HUB_PASSWORD])];
  for (let left = days; left > 0; left -= 150) {
    q.station.clock.advance(Math.min(150, left) * 86_400_000);
    for (const [username, password] of people) {
      const r = await q.hub.api<unknown>('POST', '/api/v1/auth/login', { username, password });
      expect(r.status, `${username}: ${JSON.stringify(r.body)}`).toBe(200);
    }
  }
}

describe.each(QUALITY_BACKENDS)('the hub archive on %s', (backend) => {
  beforeAll(async () => {
    q = await startQualityHub(backend);
    dir = tempDir('batchline-hub-archive-');
    await provisionHubUser(q.hub, { username: INSPECTOR, printedName: 'Ines Inspector', roles: ['inspector'], password: HUB_PASSWORD });
    clean = recordBatch(q.station, { batchNumber: 'B-ARC-001', apiLot: 'API-LOT-A1', excipientLot: 'MCC-LOT-A' });
    other = recordBatch(q.station, { batchNumber: 'B-ARC-002', apiLot: 'API-LOT-A2', excipientLot: 'MCC-LOT-A' });
    q.station.ledger.checkpointNow();
    await q.sync();
    // QA reviews and the QP releases the first batch at the hub.
    expect((await api('qa.hub', 'POST', `/api/v1/quality/batches/${clean.batchNumber}/review`, { password: HUB_PASSWORD })).status).toBe(201);
    expect((await api('qp.hub', 'POST', `/api/v1/quality/batches/${clean.batchNumber}/decision`, { decision: 'released', password: HUB_PASSWORD })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await q?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('P11-07 A11-27 the hub writes the sealed evidence packet of a batch; it verifies offline, countersigned, with every entry of the batch (count equals the database)', async () => {
    const r = await raw(`/api/v1/archive/batches/${clean.batchNumber}/packet`, await q.token(INSPECTOR));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/zip');
    const report = verifyEvidencePacket(r.bytes);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.source).toEqual({ kind: 'hub', stationId: q.station.stationId });
    expect(report.countersigned).toBe(true);
    const [{ n }] = (await db().select({ n: sql<number>`count(*)::int` }).from(ledgerEntries).where(eq(ledgerEntries.batchRef, clean.batchNumber))) as [{ n: number }];
    expect(report.counts.batchEntries).toBe(n);
    expect(report.counts.signatures).toBeGreaterThan(0);
    // the hub's review and release signatures travel with the record, verified offline
    expect(report.hubSignatures).toEqual([
      expect.objectContaining({ meaning: 'reviewed', username: 'qa.hub', valid: true, coversRecord: true }),
      expect.objectContaining({ meaning: 'released', username: 'qp.hub', valid: true, coversRecord: true }),
    ]);
    // read back from the archive register, byte for byte
    const id = Number(r.headers.get('x-batchline-packet-id'));
    const back = await raw(`/api/v1/archive/packets/${id}`, await q.token('qa.hub'));
    expect(back.status).toBe(200);
    expect(Buffer.compare(Buffer.from(back.bytes), Buffer.from(r.bytes))).toBe(0);
    // and through the CLI, written to a file that verify-packet proves
    const out = join(dir, 'hub.zip');
    const w = await cli('evidence', '--hub', q.hub.url, '--user', 'qa.hub', '--batch', clean.batchNumber, '--out', out);
    expect(w.err).toBe('');
    expect(w.code).toBe(0);
    const v = await cli('verify-packet', out, '--ca-fingerprint', unwrap(inspectCertificate(q.station.ledger.bySeq(1)!.payload.caCertPem as string)).fingerprint);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^hub signature: released by Dr\. Petra Qualified \(qp\.hub\) at .* — valid, over this record$/m);
    // FR-155: in zh-CN the meaning is the record print's word (放行), not the recorded English one.
    const vZh = await cli('verify-packet', out, '--lang', 'zh-CN', '--ca-fingerprint', unwrap(inspectCertificate(q.station.ledger.bySeq(1)!.payload.caCertPem as string)).fingerprint);
    expect(vZh.out).toMatch(/^中心服务器签名：放行，签名人 Dr\. Petra Qualified（qp\.hub）/m);
    expect(vZh.out).not.toMatch(/released|reviewed/);
    // the record's PDF in the reader's language: English by default, Chinese when asked (console language, CLI --lang)
    const pdfText = (zip: string) => {
      const pdf = join(dir, `${zip}.pdf`);
      writeFileSync(pdf, unzipSync(readFileSync(join(dir, zip)))['record/record.pdf']!);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    };
    expect(pdfText('hub.zip')).not.toContain('批生产记录');
    const zh = await cli('evidence', '--hub', q.hub.url, '--user', 'qa.hub', '--batch', clean.batchNumber, '--out', join(dir, 'hub-zh.zip'), '--lang', 'zh-CN');
    expect(zh.code).toBe(0);
    expect(pdfText('hub-zh.zip')).toContain('批生产记录');
    expect((await cli('evidence', '--hub', q.hub.url, '--user', 'qa.hub', '--batch', clean.batchNumber, '--out', join(dir, 'hub-xx.zip'), '--lang', 'fr')).code).toBe(2);
  });

  it('DI-09 the hub finds records by batch, lot, material, user and date range, with the batches and their archived packets', async () => {
    const search = async (qs: string) => (await api<ArchiveSearchResult>(INSPECTOR, 'GET', `/api/v1/archive/search?${qs}`)).body;
    const byBatch = await search(`batch=${clean.batchNumber}`);
    const [{ n }] = (await db().select({ n: sql<number>`count(*)::int` }).from(ledgerEntries).where(eq(ledgerEntries.batchRef, clean.batchNumber))) as [{ n: number }];
    expect(byBatch.hits.length).toBe(n);
    expect(byBatch.batches).toEqual([expect.objectContaining({ batchNumber: clean.batchNumber, packets: expect.any(Number) })]);
    expect(byBatch.batches[0]!.packets).toBeGreaterThan(0);
    const byLot = await search('lot=API-LOT-A2');
    expect(byLot.hits.length).toBeGreaterThan(0);
    expect(new Set(byLot.hits.map((h) => h.batchRef))).toEqual(new Set([other.batchNumber]));
    const byMaterial = await search('material=API-PARA');
    expect(new Set(byMaterial.hits.map((h) => h.batchRef))).toEqual(new Set([clean.batchNumber, other.batchNumber]));
    const byUser = await search(`user=sup.wang&batch=${clean.batchNumber}`);
    expect(byUser.hits.length).toBeGreaterThan(0);
    expect(byUser.hits.every((h) => h.username === 'sup.wang')).toBe(true);
    // every actor is shown by user name, not by the station's user id
    expect(byBatch.hits.filter((h) => h.actor !== null).every((h) => h.username !== null && !h.username.startsWith('user-'))).toBe(true);
    const times = byBatch.hits.map((h) => h.time).sort();
    const window = await search(`from=${encodeURIComponent(times[0]!)}&to=${encodeURIComponent(times[2]!)}`);
    expect(window.hits.length).toBeGreaterThanOrEqual(3);
    expect(window.hits.every((h) => h.time >= times[0]! && h.time <= times[2]!)).toBe(true);
    expect(byBatch.tookMs).toBeLessThan(5000);
    const none = await api<{ error: { code: string } }>(INSPECTOR, 'GET', '/api/v1/archive/search');
    expect(none.status).toBe(400);
  });

  it('DI-09 the inspector can view and export but every route that changes something refuses them, and nothing changes', async () => {
    const token = await q.token(INSPECTOR);
    // view and export
    expect((await api(INSPECTOR, 'GET', `/api/v1/quality/batches/${clean.batchNumber}`)).status).toBe(200);
    expect((await api(INSPECTOR, 'GET', '/api/v1/audit')).status).toBe(200);
    expect((await raw('/api/v1/audit/export?format=csv', token)).status).toBe(200);
    // every mutating route of the hub, from its own OpenAPI description
    const spec = (await q.hub.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json')).body;
    const mutating = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m)).map((m) => ({ method: m.toUpperCase(), path })));
    expect(mutating.length).toBeGreaterThan(15);
    // Signing in and out, one's own password and one's own second factor (FR-101) are the account's, not the record's.
    const own = new Set(['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/password', '/api/v1/me/mfa/start', '/api/v1/me/mfa/confirm']);
    const counts = async () => (await q.hub.hub.db.orm.execute(sql`select (select count(*) from ledger_entries) + (select count(*) from quality_signatures) + (select count(*) from hub_users) + (select count(*) from master_data_changes) + (select count(*) from retention_policies where changed_by <> 'migration 0008') + (select count(*) from purge_requests) + (select count(*) from issued_certificates where revoked_at is not null) as n`)) as unknown as { rows: { n: string }[] };
    const before = (await counts()).rows[0]!.n;
    const statuses: string[] = [];
    for (const r of mutating.filter((x) => !own.has(x.path))) {
      const path = r.path.replace(/\{[^}]+\}/g, 'X-1').replace(/:[a-zA-Z]+/g, 'X-1');
      const res = await fetch(q.hub.url + path, { method: r.method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      statuses.push(`${r.method} ${r.path} ${res.status}`);
      expect(res.status, `${r.method} ${r.path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${r.method} ${r.path}`).not.toBe(404);
    }
    expect((await counts()).rows[0]!.n).toBe(before);
    // where the request itself is well-formed, the refusal is the role's
    expect((await api<{ error: { code: string } }>(INSPECTOR, 'PUT', '/api/v1/archive/retention/batch-record', { retentionDays: 1, reason: 'inspector tries' })).status).toBe(403);
    expect((await api<{ error: { code: string } }>(INSPECTOR, 'POST', `/api/v1/quality/batches/${other.batchNumber}/review`, { password: HUB_PASSWORD })).status).toBe(403);
    expect(statuses.length).toBe(mutating.length - [...own].filter((p) => mutating.some((m) => m.path === p)).length);
  });

  it('P11-07 no route purges or deletes an audit trail on its own: the only purge is of a whole batch record', async () => {
    const spec = (await q.hub.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json')).body;
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // (master data is versioned through its change feed; a DELETE there retires an object, with a reason)
    expect(routes.filter((r) => r.startsWith('DELETE ') && /audit|ledger|entries|batches|quality|archive|sync|signature/i.test(r))).toEqual([]);
    expect(routes.filter((r) => /audit/i.test(r) && !r.startsWith('GET '))).toEqual([]);
    expect(routes.filter((r) => /purge/i.test(r) && !r.startsWith('GET '))).toEqual(['POST /api/v1/archive/purges', 'POST /api/v1/archive/purges/{id}/approve']);
    // and the database refuses a hand-made delete of ledger entries or of the hub audit trail
    const refusal = async (p: Promise<unknown>) => {
      const e = (await p.then(() => null, (x: unknown) => x)) as { message: string; cause?: { message: string } } | null;
      return e ? `${e.message} ${e.cause?.message ?? ''}` : 'no error';
    };
    expect(await refusal(db().delete(ledgerEntries).where(eq(ledgerEntries.batchRef, other.batchNumber)))).toMatch(/ledger_entries is append-only/);
    expect(await refusal(db().delete(hubAudit))).toMatch(/hub_audit is append-only/);
  });

  it('D25-11 one weighing followed from the station entry through the sync receipt, review and release signature to the archive, all with matching hashes', async () => {
    const seq = clean.apiWeighedSeq;
    const stationEntry = q.station.ledger.bySeq(seq)!;
    const t = (await api<EntryTrace>(INSPECTOR, 'GET', `/api/v1/archive/trace?station=${q.station.stationId}&seq=${seq}`)).body;
    expect(t.entry).toMatchObject({ stationId: q.station.stationId, seq, type: 'dispense.weighed', hash: stationEntry.hash, contentHashMatches: true });
    expect(t.syncReceipt).toMatchObject({ included: true, checkpoint: expect.objectContaining({ countersignatureValid: true }) });
    expect(t.review).toMatchObject({ username: 'qa.hub', coversEntry: true, subjectHash: t.recordHash });
    expect(t.release).toMatchObject({ meaning: 'released', username: 'qp.hub', coversEntry: true, subjectHash: t.recordHash });
    expect(t.archive.length).toBeGreaterThan(0);
    expect(t.archive.every((a) => a.containsEntry && a.recordHash === t.recordHash && a.location.startsWith('hub:/api/v1/archive/packets/'))).toBe(true);
    const r = await cli('trace-record', '--hub', q.hub.url, '--user', INSPECTOR, '--entry', `${q.station.stationId}:${seq}`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`hash ${stationEntry.hash} (content matches)`);
    expect(r.out).toMatch(/^review .*\(matches\)$/m);
    expect(r.out).toMatch(/^released .*\(matches\)$/m);
    expect(r.out).toMatch(/^archive .*entry listed in its manifest$/m);
    // FR-155: in zh-CN the release line starts with the record print's word, aligned with the labels; a received entry is 接收.
    const zh = await cli('trace-record', '--hub', q.hub.url, '--user', INSPECTOR, '--entry', `${q.station.stationId}:${seq}`, '--lang', 'zh-CN');
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toMatch(/^放行       .*（一致）$/m);
    expect(zh.out).not.toMatch(/released|reviewed/);
  });

  it('P11-04 a purge before the retention period ends is refused, with an audit entry', async () => {
    const token = await adminToken();
    const r = await q.hub.api<{ error: { code: string } }>('POST', '/api/v1/archive/purges', { batchNumber: clean.batchNumber, reason: 'end of retention, per SOP-QA-017', password: ADMIN_PASSWORD }, token);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('RETENTION_NOT_EXPIRED');
    const refused = await db().select().from(hubAudit).where(eq(hubAudit.action, 'purge.refused'));
    expect(refused.some((a) => a.subject === clean.batchNumber && a.ok === false && (a.details as { code: string }).code === 'RETENTION_NOT_EXPIRED')).toBe(true);
    expect((await db().select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, clean.batchNumber))).length).toBeGreaterThan(0);
  });

  it('P11-04 P11-07 after expiry a purge needs an administrator and a second person from QA signing; record and audit trail go together, tombstones and the purge record stay', async () => {
    // QA shortens the retention (audited), and the hub clock passes it.
    expect((await api('qa.hub', 'PUT', '/api/v1/archive/retention/batch-record', { retentionDays: 365, reason: 'site SOP-QA-017: 1 year after expiry' })).status).toBe(200);
    await passDaysInUse(3 * 365 + 1);
    const token = await adminToken();
    const asked = await q.hub.api<PurgeRequestView>('POST', '/api/v1/archive/purges', { batchNumber: clean.batchNumber, reason: 'end of retention, per SOP-QA-017', password: ADMIN_PASSWORD }, token);
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.status).toBe('pending');
    const entriesBefore = await db().select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, clean.batchNumber));
    // the administrator cannot approve their own request; a wrong QA password purges nothing
    expect((await q.hub.api('POST', `/api/v1/archive/purges/${asked.body.id}/approve`, { password: ADMIN_PASSWORD }, token)).status).toBe(403);
    const wrong = await api<{ error: { code: string } }>('qa.hub', 'POST', `/api/v1/archive/purges/${asked.body.id}/approve`, { password: 'not-the-password-1' });
    expect(wrong.body.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect((await db().select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, clean.batchNumber))).length).toBe(entriesBefore.length);

    const done = await api<PurgeRequestView>('qa.second', 'POST', `/api/v1/archive/purges/${asked.body.id}/approve`, { password: HUB_PASSWORD });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'purged', approvedBy: 'qa.second', requestedBy: 'it.admin', entries: entriesBefore.length });
    expect(done.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(done.body.packetSha256).toMatch(/^[0-9a-f]{64}$/);
    // the record and its audit trail are gone together; the hub's signatures of it too
    expect(await db().select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, clean.batchNumber))).toEqual([]);
    expect(await db().select().from(qualitySignatures).where(eq(qualitySignatures.batchNumber, clean.batchNumber))).toEqual([]);
    // tombstones name every purged entry by its hash; the other batch is untouched
    const tombs = await db().select().from(purgedEntries).where(eq(purgedEntries.purgeId, asked.body.id));
    expect(tombs.map((x) => [x.seq, x.hash]).sort()).toEqual(entriesBefore.map((e) => [e.seq, e.hash]).sort());
    expect((await db().select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, other.batchNumber))).length).toBeGreaterThan(0);
    // the purge record and the audit entry stay; the entry's trace names the purge
    expect((await api<PurgeRequestView[]>(INSPECTOR, 'GET', '/api/v1/archive/purges')).body.map((p) => p.id)).toContain(asked.body.id);
    const executed = await db().select().from(hubAudit).where(eq(hubAudit.action, 'purge.executed'));
    expect(executed.map((a) => a.subject)).toEqual([clean.batchNumber]);
    const trace = await api<{ error: { code: string; details: { purgeId: string } } }>(INSPECTOR, 'GET', `/api/v1/archive/trace?station=${q.station.stationId}&seq=${clean.apiWeighedSeq}`);
    expect(trace.body.error.details.purgeId).toBe(asked.body.id);
    writeFileSync(join(dir, 'done'), '');
  });

  it('DI-09 a batch three years old is still found whole, with its signatures, within seconds', async () => {
    // (the clock moved on three years in the test before)
    const found = (await api<ArchiveSearchResult>(INSPECTOR, 'GET', `/api/v1/archive/search?batch=${other.batchNumber}`)).body;
    const inDb = await db().select().from(ledgerEntries).where(eq(ledgerEntries.batchRef, other.batchNumber));
    expect(found.hits.length).toBe(inDb.length);
    expect(found.hits.filter((h) => h.type === 'signature.applied').length).toBeGreaterThan(0);
    expect(found.tookMs).toBeLessThan(5000);
    expect(Date.parse(q.station.clock.now().toISOString()) - Date.parse(found.hits[0]!.time)).toBeGreaterThan(3 * 365 * 86_400_000);
  });
});
