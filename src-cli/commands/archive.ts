/**
 * Archive commands (issue 15 items 2-3, issue 11: A11-27, P11-07):
 *   batchline evidence --db F --batch B --out FILE [--revocations FILE]   the evidence packet of a batch
 *   batchline verify-packet FILE (--ca PEM | --ca-fingerprint SHA256 | --no-pin) [--json]  prove a packet offline
 *   batchline evidence --hub URL --user U --batch B --out FILE [--station S]  the hub's packet (sealed by the hub)
 *   batchline replay --db F [--batch B] [--json]                          re-run batches through the current engine
 *   batchline trace-record --hub URL --user U --entry STATION:SEQ [--json] one entry, station to archive (D25-11)
 */
import { refuse } from '../cli-io.ts';
import { errorWords } from '../../src-shared/errors/error-words.ts';
import { meaningWords, refuseIn, say, type CliWordKey, type WordVars } from '../cli-words.ts';
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { withReadonlyLedger, withStation } from '../open-station.ts';
import { stationEvidencePacket } from '../../src-main/archive/station-packet.ts';
import { normaliseFingerprint, verifyEvidencePacket, type PacketReport } from '../../src-core/archive/verify-packet.ts';
import type { RecordPdfRenderer } from '../../src-core/archive/build-packet.ts';
import { configInForce, currentEngine, replayBatch, type ReplayReport } from '../../src-main/core/engine/replay.ts';
import { systemClock } from '../../src-core/clock.ts';
import { ARCHIVE_PREFIX, EntryTraceSchema } from '../../src-shared/archive/archive-contract.ts';
import { ErrorBodySchema } from '../../src-shared/sync/sync-protocol.ts';
import { call, hubRefused, sessionToken } from './trace.ts';
import { recordPdfRenderer } from '../../src-core/archive/record-pdf-renderer.ts';
import { findReportFont } from '../qualify/report-font.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { parseLang } from './record-print.ts';
import { userInfo } from 'node:os';
import { cliInteger } from '../cli-number.ts';

/** The record/record.pdf slot of a station packet: the batch record as PDF in the chosen language. */
function stationPdfRenderer(lang: 'en' | 'zh-CN', io: CliIo): RecordPdfRenderer {
  const font = findReportFont(io.env.BATCHLINE_CJK_FONT);
  if (!font.path) io.err(say(io, 'noCjkFontIn', { lookedFor: font.lookedFor, file: 'record/record.pdf' }));
  return recordPdfRenderer({ locale: lang, font, clock: systemClock(), softwareVersion: SOFTWARE_VERSION, printedBy: `${userInfo().username} (OS), batchline evidence` });
}

/** The hub's certificate register as exported (GET /api/v1/console/certificates) or a plain list. */
const RevocationsFile = z.array(
  z.object({
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    revokedAt: z.string().datetime().nullable(),
    revocationReason: z.string().nullable().optional(),
    reason: z.string().optional(),
  }),
);

export function registerArchiveCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('evidence')
    .description('write the evidence packet of a batch: record, ledger entries with Merkle proofs, checkpoints, countersignatures, certificates, sealed manifest')
    .requiredOption('--batch <batch>', 'batch number')
    .requiredOption('--out <file>', 'packet file to write (a zip)')
    .option('--db <path>', 'station database file')
    .option('--revocations <file>', "the hub's certificate register (JSON) for revocation status; without it the status is unknown")
    .option('--hub <url>', 'write the packet at the hub instead (sealed by the hub, with its countersignatures and revocations)')
    .option('--user <name>', 'hub account (qa, qp or inspector); the password is read from BATCHLINE_PASSWORD')
    .option('--station <id>', 'at the hub: the station, when the batch was recorded at several')
    .option('--lang <lang>', 'language of record/record.pdf (station or hub packet): en or zh-CN', 'en')
    .action(async (opts: { batch: string; out: string; db?: string; revocations?: string; hub?: string; user?: string; station?: string; lang?: string }) => {
      if (opts.hub) {
        const hubLang = parseLang(opts.lang, io);
        if (!hubLang) return setExit(EXIT_USAGE);
        return setExit(await hubEvidence({ ...opts, hub: opts.hub, lang: hubLang }, io));
      }
      if (!opts.db) return setExit(refuseIn(io, 'USAGE_INVALID', 'evidenceUsage', {}, EXIT_USAGE));
      if (!existsSync(opts.db)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: opts.db }, EXIT_USAGE));
      if (existsSync(opts.out)) return setExit(refuseIn(io, 'FILE_EXISTS', 'refusingToOverwrite', { path: opts.out }, EXIT_USAGE));
      const lang = parseLang(opts.lang, io);
      if (!lang) return setExit(EXIT_USAGE);
      let register: Map<string, { revokedAt: string | null; reason: string }> | null = null;
      if (opts.revocations) {
        const parsed = readRevocations(opts.revocations);
        if (!parsed.ok) return (refuse(io, { code: 'INPUT_INVALID', message: parsed.message }), setExit(EXIT_USAGE));
        register = parsed.value;
      }
      setExit(
        await withStation(opts.db, io, async (station) => {
          const built = await stationEvidencePacket(station, { batchNumber: opts.batch, register, renderPdf: stationPdfRenderer(lang, io) });
          if (!built.ok) {
            refuse(io, built.error);
            return EXIT_FAILED;
          }
          writeFileSync(opts.out, built.value.bytes, { flag: 'wx' });
          const m = built.value.manifest;
          io.out(say(io, 'evidenceWritten', { batch: m.batchNumber, path: opts.out, entries: m.batchEntries.length, sha: built.value.sha256 }));
          return EXIT_OK;
        }),
      );
    });

  program
    .command('verify-packet <file>')
    .description('prove an evidence packet offline (no station, no hub): files, seal, entries, Merkle proofs, checkpoints, countersignatures, signatures, revocations')
    .option('--ca <pem>', 'the site CA certificate to trust (PEM file)')
    .option('--ca-fingerprint <sha256>', "the site CA's published SHA-256 fingerprint")
    .option('--no-pin', 'trust the CA inside the packet (proves only that the packet agrees with itself: a forged packet brings its own CA)')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { ca?: string; caFingerprint?: string; pin: boolean; json?: boolean }) => {
      if (!existsSync(file)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchFile', { path: file }, EXIT_USAGE));
      if (opts.ca && !existsSync(opts.ca)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchFile', { path: opts.ca }, EXIT_USAGE));
      if (opts.caFingerprint !== undefined && !/^[0-9a-f]{64}$/.test(normaliseFingerprint(opts.caFingerprint))) {
        return setExit(refuseIn(io, 'USAGE_INVALID', 'caFingerprintInvalid', { value: opts.caFingerprint }, EXIT_USAGE));
      }
      if (!opts.ca && opts.caFingerprint === undefined && opts.pin) {
        refuse(io, { code: 'TRUST_ANCHOR_NOT_PINNED', message: 'say which site CA to trust: --ca site-ca.pem, or --ca-fingerprint with the fingerprint your site publishes.' });
        if (!io.json) io.err(say(io, 'packetPinAdvice'));
        return setExit(EXIT_USAGE);
      }
      const report = verifyEvidencePacket(readFileSync(file), {
        ...(opts.ca && { trustAnchorPem: readFileSync(opts.ca, 'utf8') }),
        ...(opts.caFingerprint !== undefined && { trustAnchorFingerprint: opts.caFingerprint }),
      });
      if (opts.json) io.out(JSON.stringify(report, null, 2));
      else printReport(report, io);
      setExit(report.ok ? EXIT_OK : EXIT_FAILED);
    });

  program
    .command('trace-record')
    .description('follow one ledger entry from the station to the archive at the hub: entry, sync receipt, review, release, archive, with hashes')
    .requiredOption('--entry <station:seq>', 'the entry, as STATION:SEQ (e.g. ST-DEMO-01:57)')
    .option('--hub <url>', 'hub base URL (default: BATCHLINE_HUB_URL)')
    .option('--user <name>', 'hub account (qa, qp or inspector); the password is read from BATCHLINE_PASSWORD')
    .option('--json', 'print the trace as JSON')
    .action(async (opts: { entry: string; hub?: string; user?: string; json?: boolean }) => setExit(await traceRecord(opts, io)));

  program
    .command('replay')
    .description('run batches recorded in a station ledger through the current engine and report every decision that would differ')
    .requiredOption('--db <path>', 'station database file')
    .option('--batch <batch>', 'only this batch (default: every batch in the ledger)')
    .option('--json', 'print the reports as JSON')
    .action((opts: { db: string; batch?: string; json?: boolean }) => {
      setExit(runReplay(opts, io));
    });
}

export function runReplay(opts: { db: string; batch?: string; json?: boolean }, io: CliIo): number {
  return withReadonlyLedger(opts.db, io, (ledger, sqlite) => {
    const batches = opts.batch
      ? [opts.batch]
      : (sqlite.prepare("select distinct batch_ref as b from ledger_entries where type = 'order.imported' and batch_ref is not null order by seq").all() as { b: string }[]).map((r) => r.b);
    const reports: ReplayReport[] = [];
    // Each entry is replayed under the configuration in force when it was written (settings changes in the ledger).
    const configAt = configInForce(ledger.query({ types: ['settings.changed'], limit: Number.MAX_SAFE_INTEGER }));
    for (const b of batches) {
      const entries = ledger.query({ batchRef: b, limit: Number.MAX_SAFE_INTEGER });
      if (entries.length === 0) {
        refuse(io, { code: 'ORDER_UNKNOWN', message: `no batch ${b} in ${opts.db}` });
        return EXIT_FAILED;
      }
      reports.push(replayBatch(b, entries, currentEngine, configAt));
    }
    const differences = reports.reduce((n, r) => n + r.differences.length, 0);
    if (opts.json) io.out(JSON.stringify({ ok: differences === 0, reports }, null, 2));
    else {
      for (const r of reports) {
        io.out(say(io, r.differences.length === 0 ? 'replayBatch' : 'replayBatchDifferences', { batch: r.batchNumber, entries: r.entries, decisions: r.decisions, count: r.differences.length }));
        for (const d of r.differences) io.out(say(io, 'replayDifference', { seq: d.seq, type: d.type, decision: d.decision, recorded: d.recorded, replayed: d.replayed }));
      }
    }
    return differences === 0 ? EXIT_OK : EXIT_FAILED;
  });
}

function readRevocations(path: string): { ok: true; value: Map<string, { revokedAt: string | null; reason: string }> } | { ok: false; message: string } {
  if (!existsSync(path)) return { ok: false, message: `no such file: ${path}` };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ok: false, message: `${path} is not JSON` };
  }
  const parsed = RevocationsFile.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `${path}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}` };
  const map = new Map<string, { revokedAt: string | null; reason: string }>();
  for (const c of parsed.data) map.set(c.fingerprint, { revokedAt: c.revokedAt ? new Date(c.revokedAt).toISOString() : null, reason: c.revocationReason ?? c.reason ?? '' });
  return { ok: true, value: map };
}

function printReport(r: PacketReport, io: CliIo): void {
  const packet = { batch: r.batchNumber ?? '?', format: r.formatVersion ?? '?' };
  const from = r.source ? say(io, 'packetWhatFrom', { ...packet, kind: say(io, r.source.kind === 'hub' ? 'sourceHub' : 'sourceStation'), station: r.source.stationId }) : say(io, 'packetWhat', packet);
  const what = r.createdAt ? say(io, 'packetWritten', { what: from, at: r.createdAt }) : from;
  if (r.trustAnchor) io.out(say(io, r.trustAnchor.pinned ? 'packetCaPinned' : 'packetCaNotPinned', { fingerprint: r.trustAnchor.fingerprint }));
  for (const h of r.hubSignatures) {
    const subject = h.subjectKind === 'deviation' ? say(io, 'packetOnDeviation', { deviation: h.subjectKey }) : '';
    const covers = h.subjectKind === 'batch' ? say(io, h.coversRecord ? 'packetOverRecord' : 'packetOverEarlier') : '';
    io.out(say(io, 'packetHubSignature', { meaning: meaningWords(io, h.meaning), name: h.printedName, user: h.username, at: h.signedAt, offset: h.tzOffset, subject, validity: say(io, h.valid ? 'packetValid' : 'packetInvalid'), covers }));
  }
  for (const n of r.notes) io.out(say(io, 'packetNote', { note: noteWords(n, io) }));
  if (r.ok) {
    const c = r.counts;
    io.out(say(io, 'packetVerified', { what, batchEntries: c.batchEntries, entries: c.entries, checkpoints: c.checkpoints, signatures: c.signatures, countersignatures: c.countersignatures, certificates: c.certificates }));
    return;
  }
  io.err(say(io, 'packetFailed', { what, count: r.problems.length }));
  for (const p of r.problems) {
    // The problem's words in --lang beside the verifier's message (FR-149's form: the message as the detail).
    const words = io.lang === 'zh-CN' ? errorWords(p.code, 'zh-CN') : undefined;
    io.err(say(io, 'packetProblem', { code: p.code, where: p.where, message: words === undefined ? p.message : `${words}（${p.message}）` }));
  }
}

async function hubEvidence(opts: { batch: string; out: string; hub: string; user?: string; station?: string; lang: 'en' | 'zh-CN' }, io: CliIo): Promise<number> {
  if (existsSync(opts.out)) return refuseIn(io, 'FILE_EXISTS', 'refusingToOverwrite', { path: opts.out }, EXIT_USAGE);
  const hubUrl = opts.hub.replace(/\/+$/, '');
  const token = await sessionToken(hubUrl, opts.user, io);
  if (typeof token === 'number') return token;
  const query = new URLSearchParams({ lang: opts.lang, ...(opts.station && { station: opts.station }) });
  const url = `${hubUrl}${ARCHIVE_PREFIX}/batches/${encodeURIComponent(opts.batch)}/packet?${query}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (e) {
    return refuseIn(io, 'HUB_UNREACHABLE', 'hubUnreachable', { origin: hubUrl, reason: (e as Error).message }, EXIT_USAGE);
  }
  if (!res.ok) {
    const body = ErrorBodySchema.safeParse(await res.json().catch(() => null));
    return hubRefused(io, body.success ? body.data.error : null, res.status);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  writeFileSync(opts.out, bytes, { flag: 'wx' });
  io.out(say(io, 'evidenceWrittenByHub', { batch: opts.batch, path: opts.out, id: res.headers.get('x-batchline-packet-id') ?? '?', sha: res.headers.get('x-batchline-packet-sha256') ?? '?' }));
  return EXIT_OK;
}

async function traceRecord(opts: { entry: string; hub?: string; user?: string; json?: boolean }, io: CliIo): Promise<number> {
  const m = /^(.+):([^:]*)$/.exec(opts.entry);
  if (!m) {
    return refuseIn(io, 'USAGE_INVALID', 'traceRecordEntryInvalid', {}, EXIT_USAGE);
  }
  const seq = cliInteger('--entry seq', m[2], 0);
  const hubUrl = (opts.hub ?? io.env.BATCHLINE_HUB_URL ?? '').replace(/\/+$/, '');
  if (!hubUrl) {
    return refuseIn(io, 'USAGE_INVALID', 'giveHub', {}, EXIT_USAGE);
  }
  const token = await sessionToken(hubUrl, opts.user, io);
  if (typeof token === 'number') return token;
  const answer = await call(`${hubUrl}${ARCHIVE_PREFIX}/trace?station=${encodeURIComponent(m[1]!)}&seq=${seq}`, { headers: { authorization: `Bearer ${token}` } }, io);
  if (typeof answer === 'number') return answer;
  const parsed = EntryTraceSchema.safeParse(answer);
  if (!parsed.success) {
    return refuseIn(io, 'HUB_RESPONSE_INVALID', 'hubAnswerTraceRecord', {}, EXIT_FAILED);
  }
  const t = parsed.data;
  if (opts.json) {
    io.out(JSON.stringify(t, null, 2));
  } else {
    const yes = (b: boolean) => say(io, b ? 'trMatches' : 'trDoesNotMatch');
    io.out(say(io, 'trEntry', { station: t.entry.stationId, seq: t.entry.seq, type: t.entry.type, time: t.entry.time, offset: t.entry.tzOffset, batch: t.entry.batchRef ?? '-', hash: t.entry.hash, content: yes(t.entry.contentHashMatches) }));
    const r = t.syncReceipt;
    const c = r?.checkpoint;
    io.out(!r ? say(io, 'trNotReceived') : !c ? say(io, 'trReceivedNoCheckpoint', { at: r.receivedAt }) : say(io, 'trReceivedCheckpoint', { at: r.receivedAt, size: c.treeSize, root: c.rootHash, countersignedAt: c.acceptedAt, validity: say(io, c.countersignatureValid ? 'packetValid' : 'packetInvalid'), proof: say(io, r.included ? 'trProofVerified' : 'trProofFailed') }));
    io.out(say(io, 'trRecord', { hash: t.recordHash ?? '-' }));
    io.out(t.review ? say(io, 'trReview', { name: t.review.printedName, user: t.review.username, at: t.review.signedAt, subject: t.review.subjectHash, covers: yes(t.review.coversEntry) }) : say(io, 'trNoReview'));
    io.out(t.release ? say(io, 'trRelease', { meaning: meaningWords(io, t.release.meaning).padEnd(io.lang === 'zh-CN' ? 8 : 10), name: t.release.printedName, user: t.release.username, at: t.release.signedAt, subject: t.release.subjectHash, covers: yes(t.release.coversEntry) }) : say(io, 'trNoRelease'));
    if (t.archive.length === 0) io.out(say(io, 'trNoArchive'));
    for (const a of t.archive) io.out(say(io, 'trArchive', { location: a.location, sha: a.packetSha256, at: a.writtenAt, by: a.writtenBy, listed: say(io, a.containsEntry ? 'trListed' : 'trNotListed') }));
  }
  const complete = t.entry.contentHashMatches && t.syncReceipt?.included === true && t.archive.every((a) => a.containsEntry);
  return complete ? EXIT_OK : EXIT_FAILED;
}

/**
 * A note of the packet verifier (src-core/archive/verify-packet.ts, English, also in the JSON
 * report) in the words of --lang (FR-155). A note this table does not know prints as it is.
 */
const NOTE_WORDS: ReadonlyArray<readonly [RegExp, CliWordKey, (m: RegExpExecArray) => WordVars]> = [
  [/^record\/record\.pdf: no PDF in this packet/, 'noteNoPdf', () => ({})],
  [/^not every checkpoint is countersigned by the hub/, 'noteNotCountersigned', () => ({})],
  [/^(.+): certificate revoked at (\S+), after the signature; the signature stands$/, 'noteRevokedAfter', (m) => ({ where: m[1]!, at: m[2]! })],
  [/^revocation status unknown for some certificates \((.*)\)$/, 'noteRevocationUnknown', (m) => ({ source: m[1]! })],
  [/^(.+) was made over an earlier state of the record \(record hash (\S+), now (\S+)\)$/, 'noteEarlierRecord', (m) => ({ where: m[1]!, then: m[2]!, now: m[3]! })],
];

function noteWords(note: string, io: CliIo): string {
  for (const [pattern, key, vars] of NOTE_WORDS) {
    const m = pattern.exec(note);
    if (m) return say(io, key, vars(m));
  }
  return note;
}
