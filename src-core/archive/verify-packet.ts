/**
 * `batchline verify-packet`: proves an evidence packet (packet-format.ts) offline, on any
 * machine, with nothing but the packet (and optionally the site CA to pin). Every check runs
 * and every failure is named — the file whose bytes changed, the entry that is missing or not
 * proven, the signer whose certificate was revoked — rather than stopping at the first.
 *
 * One reader per format version ever written (PACKET_FORMAT_VERSIONS); a newer software keeps
 * the old readers, so an archive stays readable after every upgrade (A11-27).
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { ErrorCode } from '../../src-shared/errors.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { entryHash } from '../ledger/entry-hash.ts';
import { verifyInclusion } from '../ledger/merkle-inclusion.ts';
import { verifyCheckpointSignature } from '../ledger/checkpoint.ts';
import { createCertificateCache, inspectCertificate, verifyCertificateChain, type CertificateInfo } from '../pki/certificate-check.ts';
import { verifyRecordSignature } from '../signatures/record-signature.ts';
import { verifyCountersignature } from '../sync/countersignature.ts';
import { batchRecordHash } from '../record/batch-record-hash.ts';
import { sealBytes } from './build-packet.ts';
import { createVerify } from 'node:crypto';
import {
  CertificatesSchemaV1,
  CheckpointsFileSchemaV1,
  CountersignaturesFileSchemaV1,
  EntriesFileSchemaV1,
  ManifestSchemaV1,
  PACKET_FILES,
  PACKET_FORMAT,
  PACKET_FORMAT_VERSIONS,
  SealSchemaV1,
  HubSignaturesFileSchemaV1,
  type PacketCertificates,
} from './packet-format.ts';
import { verifyHubSignedFields } from './hub-signature-bytes.ts';

export interface PacketProblem {
  code: ErrorCode;
  /** What failed, for a person: "file ledger/entries.json", "entry 57 (dispense.weighed)", "signer sup.wang". */
  where: string;
  message: string;
  file?: string;
  seq?: number;
  signer?: string;
}

export interface PacketReport {
  ok: boolean;
  formatVersion: number | null;
  batchNumber: string | null;
  source: { kind: string; stationId: string } | null;
  createdAt: string | null;
  counts: { batchEntries: number; entries: number; signatures: number; checkpoints: number; countersignatures: number; certificates: number };
  /** The site CA the packet chains to; compare it with the site's published fingerprint, or pin it. */
  trustAnchor: { fingerprint: string; pinned: boolean } | null;
  /** Every checkpoint used carries a valid countersignature of the hub. */
  countersigned: boolean;
  pdf: 'included' | 'pending' | null;
  /** QA review, deviation closure and QP decision signed at the hub, as the packet proves them. */
  hubSignatures: { meaning: string; subjectKind: string; subjectKey: string; printedName: string; username: string; signedAt: string; tzOffset: string; valid: boolean; coversRecord: boolean }[];
  problems: PacketProblem[];
  notes: string[];
}

export interface VerifyPacketOptions {
  /** The site CA to trust; without it the CA in the packet's genesis entry is trusted and reported. */
  trustAnchorPem?: string;
  /**
   * The site CA's published SHA-256 fingerprint (hex; colons, spaces and case ignored): the CA in
   * the packet's genesis must be this one. A forged packet carries its own CA, so an unpinned
   * verification proves only that the packet is consistent with itself.
   */
  trustAnchorFingerprint?: string;
}

/** A fingerprint as people copy it ("AB:CD …", "abcd…") in the form certificates report it. */
export function normaliseFingerprint(fp: string): string {
  return fp.replace(/[\s:]/g, '').toLowerCase();
}

type Files = Record<string, Uint8Array>;

export function verifyEvidencePacket(bytes: Uint8Array, options: VerifyPacketOptions = {}): PacketReport {
  const report: PacketReport = {
    ok: false,
    formatVersion: null,
    batchNumber: null,
    source: null,
    createdAt: null,
    counts: { batchEntries: 0, entries: 0, signatures: 0, checkpoints: 0, countersignatures: 0, certificates: 0 },
    trustAnchor: null,
    countersigned: false,
    pdf: null,
    hubSignatures: [],
    problems: [],
    notes: [],
  };
  let files: Files;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    report.problems.push({ code: 'PACKET_UNREADABLE', where: 'the packet file', message: `not a readable zip archive: ${(e as Error).message}` });
    return report;
  }
  const manifestBytes = files[PACKET_FILES.manifest];
  let manifestRaw: unknown;
  try {
    manifestRaw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
  } catch {
    report.problems.push({ code: 'PACKET_UNREADABLE', where: `file ${PACKET_FILES.manifest}`, file: PACKET_FILES.manifest, message: manifestBytes ? 'manifest.json is not valid JSON: its bytes were changed' : 'the packet has no manifest.json' });
    return report;
  }
  const head = manifestRaw as { format?: unknown; formatVersion?: unknown };
  if (head.format !== PACKET_FORMAT) {
    report.problems.push({ code: 'PACKET_UNREADABLE', where: `file ${PACKET_FILES.manifest}`, file: PACKET_FILES.manifest, message: `not a Batchline evidence packet (format ${JSON.stringify(head.format)})` });
    return report;
  }
  const version = head.formatVersion;
  report.formatVersion = typeof version === 'number' ? version : null;
  const reader = typeof version === 'number' ? READERS[version] : undefined;
  if (!reader) {
    report.problems.push({ code: 'PACKET_FORMAT_UNSUPPORTED', where: `file ${PACKET_FILES.manifest}`, file: PACKET_FILES.manifest, message: `format version ${String(version)} is not one this software reads (${PACKET_FORMAT_VERSIONS.join(', ')}): verify it with the software version that wrote it or newer` });
    return report;
  }
  reader(files, manifestRaw, options, report);
  report.ok = report.problems.length === 0;
  return report;
}

type Reader = (files: Files, manifestRaw: unknown, options: VerifyPacketOptions, report: PacketReport) => void;

const READERS: Record<number, Reader> = { 1: readV1 };

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function parseJson<T>(files: Files, path: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, report: PacketReport): T | null {
  const b = files[path];
  if (!b) return null; // reported as missing by the file check
  try {
    const parsed = schema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b)));
    if (parsed.success) return parsed.data;
    const i = parsed.error.issues[0];
    report.problems.push({ code: 'PACKET_UNREADABLE', where: `file ${path}`, file: path, message: `${path} does not have the expected shape at ${i?.path.join('.') ?? ''}: ${i?.message ?? ''}` });
  } catch {
    report.problems.push({ code: 'PACKET_UNREADABLE', where: `file ${path}`, file: path, message: `${path} is not valid JSON: its bytes were changed` });
  }
  return null;
}

function readV1(files: Files, manifestRaw: unknown, options: VerifyPacketOptions, report: PacketReport): void {
  const problem = (p: PacketProblem) => report.problems.push(p);
  const m = ManifestSchemaV1.safeParse(manifestRaw);
  if (!m.success) {
    problem({ code: 'PACKET_UNREADABLE', where: `file ${PACKET_FILES.manifest}`, file: PACKET_FILES.manifest, message: `manifest.json does not have the shape of format 1: ${m.error.issues[0]?.path.join('.')} ${m.error.issues[0]?.message}` });
    return;
  }
  const manifest = m.data;
  report.batchNumber = manifest.batchNumber;
  report.source = { kind: manifest.source.kind, stationId: manifest.source.stationId };
  report.createdAt = manifest.createdAt;
  report.pdf = manifest.pdf.status;
  report.counts.batchEntries = manifest.batchEntries.length;
  const cache = createCertificateCache();

  // 1. Every file as the manifest lists it, and nothing else.
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const b = files[f.path];
    if (!b) problem({ code: 'PACKET_FILE_MISSING', where: `file ${f.path}`, file: f.path, message: `${f.path} is listed in the manifest but not in the packet` });
    else if (sha256(b) !== f.sha256) problem({ code: 'PACKET_FILE_CHANGED', where: `file ${f.path}`, file: f.path, message: `${f.path} hashes to ${sha256(b).slice(0, 12)}…, the manifest says ${f.sha256.slice(0, 12)}…: its bytes were changed` });
  }
  for (const path of Object.keys(files)) {
    if (path !== PACKET_FILES.manifest && path !== PACKET_FILES.seal && !listed.has(path)) problem({ code: 'PACKET_FILE_UNLISTED', where: `file ${path}`, file: path, message: `${path} is in the packet but not in its manifest` });
  }
  if (manifest.pdf.status === 'included' && !listed.has(PACKET_FILES.recordPdf)) problem({ code: 'PACKET_FILE_MISSING', where: `file ${PACKET_FILES.recordPdf}`, file: PACKET_FILES.recordPdf, message: 'the manifest says the PDF is included but does not list it' });
  if (manifest.pdf.status === 'pending') report.notes.push('record/record.pdf: no PDF in this packet (the writing software had no PDF renderer); record/record.json holds the record');

  const entriesFile = parseJson(files, PACKET_FILES.entries, EntriesFileSchemaV1, report) ?? [];
  const checkpointsFile = parseJson(files, PACKET_FILES.checkpoints, CheckpointsFileSchemaV1, report) ?? [];
  const countersFile = parseJson(files, PACKET_FILES.countersignatures, CountersignaturesFileSchemaV1, report) ?? [];
  const certsFile: PacketCertificates = parseJson(files, PACKET_FILES.certificates, CertificatesSchemaV1, report) ?? { authorities: [], certificates: [] };
  const recordFile = parseJson(files, PACKET_FILES.record, { safeParse: (v: unknown) => ({ success: true as const, data: v as { batchNumber?: unknown } }) }, report);
  if (recordFile && recordFile.batchNumber !== manifest.batchNumber) problem({ code: 'PACKET_RECORD_HASH_MISMATCH', where: `file ${PACKET_FILES.record}`, file: PACKET_FILES.record, message: `the record is of batch ${String(recordFile.batchNumber)}, the packet of ${manifest.batchNumber}` });
  report.counts.entries = entriesFile.length;
  report.counts.checkpoints = checkpointsFile.length;
  report.counts.countersignatures = countersFile.length;
  report.counts.certificates = certsFile.certificates.length;

  const name = (e: { seq: number; type: string }) => `entry ${e.seq} (${e.type})`;
  const bySeq = new Map<number, LedgerEntry>();
  const proofOk = new Set<number>();

  // 2. Checkpoints: signed by a station certificate the ledger issued (checked below with the entries).
  const checkpoints = new Map(checkpointsFile.map((c) => [c.treeSize, c]));

  // 3. Entries: own hash, and an inclusion proof against a checkpoint in the packet.
  for (const pe of entriesFile) {
    const e = pe.entry;
    if (e.stationId !== manifest.source.stationId) problem({ code: 'CHAIN_BROKEN', where: name(e), seq: e.seq, message: `${name(e)} belongs to station ${e.stationId}, the packet to ${manifest.source.stationId}` });
    if (bySeq.has(e.seq)) problem({ code: 'SEQ_GAP', where: name(e), seq: e.seq, message: `${name(e)} appears twice` });
    bySeq.set(e.seq, e);
    const recomputed = entryHash(e);
    if (recomputed !== e.hash) {
      problem({ code: 'HASH_MISMATCH', where: name(e), seq: e.seq, message: `${name(e)}: stored hash ${e.hash.slice(0, 12)}… but its content hashes to ${recomputed.slice(0, 12)}…: the entry was changed` });
      continue;
    }
    const c = checkpoints.get(pe.checkpointSize);
    if (!c) {
      problem({ code: 'PACKET_PROOF_INVALID', where: name(e), seq: e.seq, message: `${name(e)} is proven against a checkpoint of ${pe.checkpointSize} entries that is not in the packet` });
      continue;
    }
    const proof = pe.proof.map((h) => Buffer.from(h, 'hex'));
    if (!verifyInclusion(Buffer.from(e.hash, 'hex'), e.seq - 1, c.treeSize, proof, Buffer.from(c.rootHash, 'hex'))) {
      problem({ code: 'PACKET_PROOF_INVALID', where: name(e), seq: e.seq, message: `${name(e)} is not proven part of the signed tree head of ${c.treeSize} entries` });
      continue;
    }
    proofOk.add(e.seq);
  }
  const proven = (seq: number) => (proofOk.has(seq) ? bySeq.get(seq) : undefined);

  // 4. Trust: the site CA from the proven genesis (or the pinned one), hub CAs from proven enrolments.
  const genesis = proven(1);
  const caPems: string[] = [];
  if (!genesis || genesis.type !== 'station.initialised') {
    problem({ code: 'CERTIFICATE_INVALID', where: 'entry 1 (station.initialised)', seq: 1, message: 'the genesis entry with the site CA is missing or not proven' });
  } else {
    const siteCa = genesis.payload.caCertPem as string;
    const info = inspectCertificate(siteCa, cache);
    const pinned = options.trustAnchorPem !== undefined || options.trustAnchorFingerprint !== undefined;
    if (info.ok) report.trustAnchor = { fingerprint: info.value.fingerprint, pinned };
    if (options.trustAnchorFingerprint !== undefined && (!info.ok || info.value.fingerprint !== normaliseFingerprint(options.trustAnchorFingerprint))) {
      problem({ code: 'CERTIFICATE_INVALID', where: 'the site CA', message: `the site CA in the packet (${info.ok ? info.value.fingerprint : 'unreadable'}) is not the published one (--ca-fingerprint ${normaliseFingerprint(options.trustAnchorFingerprint)}): the packet comes from another site or was forged` });
    }
    if (options.trustAnchorPem !== undefined) {
      const pinned = inspectCertificate(options.trustAnchorPem, cache);
      if (!pinned.ok || !info.ok || pinned.value.fingerprint !== info.value.fingerprint) {
        problem({ code: 'CERTIFICATE_INVALID', where: 'the site CA', message: 'the site CA in the packet is not the pinned CA (--ca): the packet comes from another site or was forged' });
      }
    }
    caPems.push(options.trustAnchorPem ?? siteCa);
  }
  const hubCaPems: string[] = [];
  for (const pe of entriesFile) {
    const e = proven(pe.entry.seq);
    if (e?.type === 'sync.enrolled' && options.trustAnchorPem === undefined) hubCaPems.push(e.payload.hubCaCertPem as string);
  }
  const chain = (certPem: string, at: Date, cas: string[]): { ok: true; info: CertificateInfo } | { ok: false; message: string } => {
    let message = 'no trusted CA';
    for (const ca of cas) {
      const r = verifyCertificateChain(certPem, ca, at, { cache });
      if (r.ok) return { ok: true, info: r.value };
      message = r.error.message;
    }
    return { ok: false, message };
  };

  // 5. Certificates: each recorded by a proven certificate.issued entry, byte for byte.
  const certs = new Map<string, PacketCertificates['certificates'][number]>();
  for (const c of certsFile.certificates) {
    const issued = proven(c.issuedBySeq);
    if (!issued || issued.type !== 'certificate.issued' || issued.payload.fingerprint !== c.fingerprint || issued.payload.certPem !== c.certPem) {
      problem({ code: 'CERTIFICATE_INVALID', where: `certificate of ${c.subjectId}`, message: `the certificate of ${c.subjectId} (${c.fingerprint.slice(0, 12)}…) is not the one recorded by a proven entry ${c.issuedBySeq}` });
      continue;
    }
    certs.set(c.fingerprint, c);
  }

  // 6. Checkpoints: a station certificate, valid at signing, and its signature.
  const validCheckpoints = new Set<number>();
  for (const c of checkpointsFile) {
    const where = `checkpoint of ${c.treeSize} entries`;
    const cert = certs.get(c.certFingerprint);
    if (!cert || cert.kind !== 'station') {
      problem({ code: 'CHECKPOINT_INVALID', where, message: `${where} is signed by a certificate the packet does not prove to be the station's` });
      continue;
    }
    const ch = chain(cert.certPem, new Date(c.signedAt), [...caPems, ...hubCaPems]);
    if (!ch.ok) problem({ code: 'CHECKPOINT_INVALID', where, message: `${where}: station certificate at signing time: ${ch.message}` });
    else if (!verifyCheckpointSignature(c, ch.info.publicKey)) problem({ code: 'CHECKPOINT_INVALID', where, message: `${where}: the station's signature does not verify` });
    else validCheckpoints.add(c.treeSize);
  }
  for (const pe of entriesFile) {
    if (proofOk.has(pe.entry.seq) && !validCheckpoints.has(pe.checkpointSize)) proofOk.delete(pe.entry.seq);
  }

  // 7. The hub's countersignatures of those tree heads.
  const countersignedSizes = new Set<number>();
  for (const cs of countersFile) {
    const where = `hub countersignature of ${cs.treeSize} entries`;
    const c = checkpoints.get(cs.treeSize);
    if (!c || c.rootHash !== cs.rootHash) {
      problem({ code: 'CHECKPOINT_INVALID', where, message: `${where} names a tree head the packet's checkpoints do not hold` });
      continue;
    }
    const ch = chain(cs.hubCertPem, new Date(cs.acceptedAt), hubCaPems);
    if (!ch.ok) problem({ code: 'CERTIFICATE_INVALID', where, message: `${where}: the hub certificate does not chain to a hub CA the station enrolled with: ${ch.message}` });
    else if (!verifyCountersignature(ch.info.publicKey, cs, cs.signature)) problem({ code: 'SIGNATURE_INVALID', where, message: `${where} does not verify with the hub certificate` });
    else countersignedSizes.add(cs.treeSize);
  }
  report.countersigned = checkpointsFile.length > 0 && checkpointsFile.every((c) => countersignedSizes.has(c.treeSize));
  if (!report.countersigned) report.notes.push('not every checkpoint is countersigned by the hub: the station had not synced that far when the packet was written');

  // 8. The batch: every entry the manifest lists is here and proven, and no other entry of the batch.
  const listedSeqs = new Set<number>();
  for (const [stationId, seq, hash, type] of manifest.batchEntries) {
    listedSeqs.add(seq);
    const e = bySeq.get(seq);
    const where = `entry ${seq} (${type})`;
    if (!e || stationId !== e.stationId) problem({ code: 'PACKET_ENTRY_MISSING', where, seq, message: `${where} of batch ${manifest.batchNumber} is listed in the manifest but missing from ledger/entries.json: an entry was removed` });
    else if (e.hash !== hash) problem({ code: 'HASH_MISMATCH', where, seq, message: `${where} has hash ${e.hash.slice(0, 12)}…, the manifest lists ${hash.slice(0, 12)}…` });
    else if (!proofOk.has(seq)) problem({ code: 'PACKET_PROOF_INVALID', where, seq, message: `${where} is not proven part of a valid signed checkpoint` });
  }
  for (const e of bySeq.values()) {
    if (e.batchRef === manifest.batchNumber && !listedSeqs.has(e.seq)) problem({ code: 'PACKET_ENTRY_UNLISTED', where: name(e), seq: e.seq, message: `${name(e)} belongs to batch ${manifest.batchNumber} but the manifest does not list it` });
  }
  const recomputed = batchRecordHash(manifest.batchNumber, manifest.batchEntries.map(([stationId, seq, hash]) => ({ stationId, seq, hash })));
  if (recomputed !== manifest.batchRecordHash) problem({ code: 'PACKET_RECORD_HASH_MISMATCH', where: `file ${PACKET_FILES.manifest}`, file: PACKET_FILES.manifest, message: `the batch record hash of the listed entries is ${recomputed.slice(0, 12)}…, the manifest says ${manifest.batchRecordHash.slice(0, 12)}…` });

  // 9. Every e-signature of the batch: target, certificate at signing time, revocation, the signature itself.
  for (const [, seq] of manifest.batchEntries) {
    const e = bySeq.get(seq);
    if (!e || e.type !== 'signature.applied' || !proofOk.has(seq)) continue;
    report.counts.signatures++;
    const p = e.payload as Record<string, string | number>;
    const signer = String(p.username);
    const where = `signer ${signer} (${String(p.printedName)}), signature entry ${seq}`;
    const fail = (code: ErrorCode, message: string) => problem({ code, where, seq, signer, message: `${where}: ${message}` });
    const target = proven(Number(p.targetSeq));
    if (!target || target.hash !== p.targetHash) {
      fail('SIGNATURE_TARGET_MISMATCH', `the signed entry ${String(p.targetSeq)} is missing or not the one signed`);
      continue;
    }
    const cert = certs.get(String(p.certFingerprint));
    if (!cert || cert.kind !== 'user-signing' || cert.subjectId !== p.signerId || e.actor !== p.signerId) {
      fail('SIGNATURE_INVALID', 'the signing certificate is not proven to be this signer\'s');
      continue;
    }
    const signedAt = new Date(String(p.signedAt));
    const ch = chain(cert.certPem, signedAt, [...caPems, ...hubCaPems]);
    if (!ch.ok) {
      fail('CERTIFICATE_INVALID', `certificate at signing time: ${ch.message}`);
      continue;
    }
    if (p.printedName !== ch.info.subjectCommonName) fail('SIGNATURE_INVALID', `manifested name "${String(p.printedName)}" is not the certificate's "${ch.info.subjectCommonName}"`);
    const rev = cert.revocation;
    if (rev.status === 'revoked' && rev.revokedAt !== undefined) {
      if (Date.parse(rev.revokedAt) <= signedAt.getTime()) fail('SIGNER_REVOKED', `the certificate was revoked at ${rev.revokedAt} (${rev.reason ?? 'no reason given'}, per ${rev.source}), before the signature at ${String(p.signedAt)}`);
      else report.notes.push(`${where}: certificate revoked at ${rev.revokedAt}, after the signature; the signature stands`);
    }
    const valid = verifyRecordSignature(
      ch.info.publicKey,
      { stationId: e.stationId, targetSeq: Number(p.targetSeq), targetHash: String(p.targetHash), meaning: p.meaning as SignatureMeaning, signerId: String(p.signerId), signedAt: String(p.signedAt) },
      String(p.signature),
    );
    if (!valid) fail('SIGNATURE_INVALID', 'the signature does not verify with the signer\'s certificate');
  }
  if (certsFile.certificates.some((c) => c.revocation.status === 'unknown')) {
    report.notes.push(`revocation status unknown for some certificates (${certsFile.certificates.find((c) => c.revocation.status === 'unknown')?.revocation.source ?? ''})`);
  }

  // 10. Signatures made at the hub (packets the hub wrote): QA review, deviation closure, QP decision.
  const hubSigs = parseJson(files, PACKET_FILES.hubSignatures, HubSignaturesFileSchemaV1, report) ?? [];
  for (const hs of hubSigs) {
    const f = hs.fields;
    const where = `hub signature "${f.meaning}" by ${f.username} (${f.printedName})`;
    const fail = (code: ErrorCode, message: string) => problem({ code, where, signer: f.username, message: `${where}: ${message}` });
    let valid = false;
    if (f.batchNumber !== manifest.batchNumber) fail('SIGNATURE_INVALID', `signed for batch ${f.batchNumber}, not ${manifest.batchNumber}`);
    else {
      const ch = chain(hs.certPem, new Date(f.signedAt), hubCaPems);
      if (!ch.ok) fail('CERTIFICATE_INVALID', `certificate at signing time: ${ch.message}`);
      else if (ch.info.userId !== f.signerId) fail('SIGNATURE_INVALID', `the certificate belongs to ${ch.info.userId ?? 'nobody'}, not to the signer ${f.signerId}`);
      else if (hs.revocation.status === 'revoked' && hs.revocation.revokedAt !== undefined && Date.parse(hs.revocation.revokedAt) <= Date.parse(f.signedAt)) fail('SIGNER_REVOKED', `the certificate was revoked at ${hs.revocation.revokedAt}, before the signature at ${f.signedAt}`);
      else if (!verifyHubSignedFields(ch.info.publicKey, f, hs.signature)) fail('SIGNATURE_INVALID', 'the signature does not match the signed content (altered, or copied from another record)');
      else valid = true;
    }
    const coversRecord = f.subjectKind === 'batch' && f.subjectHash === manifest.batchRecordHash;
    if (valid && f.subjectKind === 'batch' && !coversRecord) report.notes.push(`${where} was made over an earlier state of the record (record hash ${f.subjectHash.slice(0, 12)}…, now ${manifest.batchRecordHash.slice(0, 12)}…)`);
    report.hubSignatures.push({ meaning: f.meaning, subjectKind: f.subjectKind, subjectKey: f.subjectKey, printedName: f.printedName, username: f.username, signedAt: f.signedAt, tzOffset: f.tzOffset, valid, coversRecord });
  }

  // 11. The seal over the manifest: by the station certificate the ledger proves, or by the hub.
  const sealed = parseJson(files, PACKET_FILES.seal, SealSchemaV1, report);
  if (!files[PACKET_FILES.seal]) problem({ code: 'PACKET_SEAL_INVALID', where: `file ${PACKET_FILES.seal}`, file: PACKET_FILES.seal, message: 'the packet has no seal' });
  if (sealed) {
    const where = `file ${PACKET_FILES.seal}`;
    const at = new Date(manifest.createdAt);
    const stationCert = certs.get(sealed.certFingerprint);
    const ch = sealed.by === 'station'
      ? stationCert?.kind === 'station' && stationCert.certPem === sealed.certPem
        ? chain(sealed.certPem, at, [...caPems, ...hubCaPems])
        : { ok: false as const, message: 'the sealing certificate is not a station certificate the ledger proves' }
      : chain(sealed.certPem, at, hubCaPems);
    if (!ch.ok) problem({ code: 'PACKET_SEAL_INVALID', where, file: PACKET_FILES.seal, message: `the ${sealed.by} that sealed the packet: ${ch.message}` });
    else if (!createVerify('sha256').update(sealBytes(manifestRaw)).verify(ch.info.publicKey, sealed.signature, 'base64')) {
      problem({ code: 'PACKET_SEAL_INVALID', where: `file ${PACKET_FILES.manifest}`, file: PACKET_FILES.manifest, message: `the ${sealed.by}'s seal does not verify over manifest.json: the manifest was changed after sealing` });
    }
  }
}
