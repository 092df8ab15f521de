/**
 * Writes an evidence packet (packet-format.ts) from what a station or the hub holds of one
 * batch: its ledger entries with inclusion proofs against signed checkpoints, the hub's
 * countersignatures, certificates with revocation status, the record, and a sealed manifest.
 * Pure: the caller reads its database and hands over a sealing function (station or hub key).
 */
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import type { Checkpoint, LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';
import { inclusionProver } from '../ledger/merkle-inclusion.ts';
import { inspectCertificate } from '../pki/certificate-check.ts';
import { batchRecordHash } from '../record/batch-record-hash.ts';
import {
  CURRENT_PACKET_FORMAT_VERSION,
  PACKET_FILES,
  PACKET_FORMAT,
  PACKET_SEAL_PURPOSE,
  type PacketCertificates,
  type PacketCountersignature,
  type PacketHubSignature,
  type PacketManifestV1,
  type PacketSeal,
  type ProvenEntry,
  type RevocationStatus,
} from './packet-format.ts';
import { packetReadme } from './packet-readme.ts';

/** What the packet needs from a ledger (a station database, or the hub's copy of it). */
export interface PacketLedgerSource {
  stationId: string;
  /** Every entry of the batch (batchRef), in sequence order. */
  batchEntries: readonly LedgerEntry[];
  bySeq(seq: number): LedgerEntry | undefined;
  ofType(type: string): LedgerEntry[];
  /** Hashes of entries 1..upTo, in order: the leaves of the station's Merkle tree. */
  leafHashes(upTo: number): Uint8Array[];
  checkpoints: readonly Checkpoint[];
}

export interface PacketSealer {
  by: 'station' | 'hub';
  certPem: string;
  sign(bytes: Buffer): string;
}

/** A renderer of the record as PDF (issue 15 item 1); the packet's record/record.pdf slot. */
export type RecordPdfRenderer = (record: unknown) => Promise<Uint8Array> | Uint8Array;

export interface BuildPacketInput {
  batchNumber: string;
  source: { kind: 'station' | 'hub'; stationId: string; name?: string };
  ledger: PacketLedgerSource;
  /** The batch record as JSON (buildBatchRecord). */
  record: unknown;
  /** record/record.pdf when a renderer made it; null leaves the slot "pending". */
  pdf: Uint8Array | null;
  /** Signatures made at the hub over this batch (QA review, deviation closure, QP decision). */
  hubSignatures?: PacketHubSignature[];
  /** Countersignatures the hub makes or holds beyond those the station recorded. */
  countersignatures?: PacketCountersignature[];
  /** The revocation status of a certificate as the writer knows it ("unknown" where it keeps no register). */
  revocationOf(fingerprint: string): RevocationStatus;
  createdAt: Date;
  tzOffset: string;
  softwareVersion: string;
  seal: PacketSealer;
}

export interface BuiltPacket {
  bytes: Uint8Array;
  manifest: PacketManifestV1;
  /** SHA-256 of the whole packet file (what an archive register records). */
  sha256: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2) + '\n');

export function buildEvidencePacket(input: BuildPacketInput): Result<BuiltPacket> {
  const { ledger } = input;
  const batch = ledger.batchEntries;
  if (batch.length === 0) return err('NOT_FOUND', `no entries of batch ${input.batchNumber}`);

  // Which entries: the batch, and what proves them.
  const included = new Map<number, ProvenEntry['role']>();
  for (const e of batch) included.set(e.seq, 'batch');
  const add = (seq: number, role: ProvenEntry['role']) => {
    if (!included.has(seq)) included.set(seq, role);
  };
  add(1, 'genesis');
  const certEntries = new Map<string, LedgerEntry>();
  for (const e of ledger.ofType('certificate.issued')) certEntries.set(String(e.payload.fingerprint), e);
  const wantCert = new Set<string>();
  for (const e of batch) {
    if (e.type !== 'signature.applied') continue;
    wantCert.add(String(e.payload.certFingerprint));
    const target = Number(e.payload.targetSeq);
    add(target, 'signature-target');
  }
  const enrolments = ledger.ofType('sync.enrolled');
  for (const e of enrolments) add(e.seq, 'enrolment');

  // Countersignatures the station recorded, with the hub certificate named at the enrolment before.
  const countersignatures: PacketCountersignature[] = [...(input.countersignatures ?? [])];
  for (const c of ledger.ofType('sync.countersigned')) {
    const enrolment = [...enrolments].reverse().find((en) => en.seq < c.seq);
    if (!enrolment) continue;
    countersignatures.push({
      stationId: c.stationId,
      treeSize: c.payload.treeSize as number,
      rootHash: c.payload.rootHash as string,
      acceptedAt: c.payload.acceptedAt as string,
      hubCertPem: enrolment.payload.hubCertPem as string,
      signature: c.payload.signature as string,
    });
  }
  const countersigned = new Set(countersignatures.map((c) => c.treeSize));

  // The checkpoint each entry is proven against: the first countersigned one covering it, else the first one.
  const checkpoints = [...ledger.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const checkpointFor = (seq: number): Checkpoint | undefined =>
    checkpoints.find((c) => c.treeSize >= seq && countersigned.has(c.treeSize)) ?? checkpoints.find((c) => c.treeSize >= seq);

  // Certificates: signers', and the station certificates that signed the checkpoints used.
  const pending = () => [...included.keys()].map((seq) => checkpointFor(seq));
  for (const c of pending()) if (c) wantCert.add(c.certFingerprint);
  if (input.seal.by === 'station') {
    const sealCert = inspectCertificate(input.seal.certPem);
    if (!sealCert.ok) return sealCert;
    wantCert.add(sealCert.value.fingerprint);
  }
  for (const fp of wantCert) {
    const issued = certEntries.get(fp);
    if (!issued) return err('CERTIFICATE_INVALID', `certificate ${fp.slice(0, 12)}… was never issued in the ledger of ${ledger.stationId}`);
    add(issued.seq, 'certificate');
  }

  const seqs = [...included.keys()].sort((a, b) => a - b);
  const usedCheckpoints = new Map<number, Checkpoint>();
  const uncovered: number[] = [];
  for (const seq of seqs) {
    const c = checkpointFor(seq);
    if (c) usedCheckpoints.set(c.treeSize, c);
    else uncovered.push(seq);
  }
  if (uncovered.length > 0) {
    return err('PACKET_UNCOVERED', `entries ${uncovered.slice(0, 5).join(', ')}${uncovered.length > 5 ? '…' : ''} are not covered by a signed checkpoint yet`, { entries: uncovered });
  }
  const largest = Math.max(...usedCheckpoints.keys());
  const leaves = ledger.leafHashes(largest);
  if (leaves.length < largest) return err('PACKET_UNCOVERED', `the ledger holds ${leaves.length} of the ${largest} entries its checkpoint covers`);
  const provers = new Map<number, (index: number) => Buffer[]>();
  const proverFor = (size: number) => {
    let p = provers.get(size);
    if (!p) provers.set(size, (p = inclusionProver(leaves.slice(0, size))));
    return p;
  };
  const proven: ProvenEntry[] = [];
  for (const seq of seqs) {
    const entry = ledger.bySeq(seq);
    if (!entry) return err('NOT_FOUND', `entry ${seq} of ${ledger.stationId} is not in the ledger`);
    const c = checkpointFor(seq)!;
    const proof = proverFor(c.treeSize)(seq - 1).map((b) => b.toString('hex'));
    proven.push({ entry, role: included.get(seq)!, checkpointSize: c.treeSize, proof });
  }

  // Certificates with the CA each chains to and the revocation status as known.
  const genesis = ledger.bySeq(1)!;
  const authorities: PacketCertificates['authorities'] = [];
  const addAuthority = (role: 'site-ca' | 'hub-ca', pem: string) => {
    const info = inspectCertificate(pem);
    if (info.ok && !authorities.some((a) => a.fingerprint === info.value.fingerprint)) authorities.push({ role, certPem: pem, fingerprint: info.value.fingerprint });
  };
  addAuthority('site-ca', genesis.payload.caCertPem as string);
  for (const e of enrolments) addAuthority('hub-ca', e.payload.hubCaCertPem as string);
  const certificates: PacketCertificates = {
    authorities,
    certificates: [...wantCert].map((fp) => {
      const e = certEntries.get(fp)!;
      return {
        fingerprint: fp,
        kind: String(e.payload.kind),
        subjectId: String(e.payload.subjectId),
        certPem: String(e.payload.certPem),
        issuedBySeq: e.seq,
        revocation: input.revocationOf(fp),
      };
    }),
  };

  const files: Record<string, Uint8Array> = {
    [PACKET_FILES.record]: json(input.record),
    [PACKET_FILES.entries]: json(proven),
    [PACKET_FILES.checkpoints]: json([...usedCheckpoints.values()].sort((a, b) => a.treeSize - b.treeSize)),
    [PACKET_FILES.countersignatures]: json(countersignatures.filter((c) => usedCheckpoints.has(c.treeSize))),
    [PACKET_FILES.certificates]: json(certificates),
    [PACKET_FILES.readme]: new TextEncoder().encode(packetReadme(input.batchNumber)),
  };
  if (input.pdf) files[PACKET_FILES.recordPdf] = input.pdf;
  if (input.hubSignatures && input.hubSignatures.length > 0) files[PACKET_FILES.hubSignatures] = json(input.hubSignatures);

  const manifest: PacketManifestV1 = {
    format: PACKET_FORMAT,
    formatVersion: CURRENT_PACKET_FORMAT_VERSION,
    batchNumber: input.batchNumber,
    source: input.source,
    createdAt: input.createdAt.toISOString(),
    tzOffset: input.tzOffset,
    softwareVersion: input.softwareVersion,
    batchRecordHash: batchRecordHash(input.batchNumber, batch),
    batchEntries: batch.map((e) => [e.stationId, e.seq, e.hash, e.type] as [string, number, string, string]),
    files: Object.entries(files).map(([path, bytes]) => ({ path, sha256: sha256(bytes), bytes: bytes.length })),
    pdf: input.pdf
      ? { status: 'included', note: 'record/record.pdf is the batch record as PDF' }
      : { status: 'pending', note: 'no PDF renderer in this software version: record/record.json holds the record; the slot record/record.pdf is filled once one is available' },
  };
  const seal = sealManifest(manifest, input.seal);
  if (!seal.ok) return seal;
  const all: Record<string, Uint8Array> = { [PACKET_FILES.manifest]: json(manifest), [PACKET_FILES.seal]: json(seal.value), ...files };
  // Stored, not deflated: a changed byte stays inside the one file it hit, which the verifier names.
  const zipped = zipSync(
    Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v, { level: 0, mtime: input.createdAt }]])),
  );
  return ok({ bytes: zipped, manifest, sha256: sha256(zipped) });
}

export function sealBytes(manifest: unknown): Buffer {
  return Buffer.from(canonicalJson({ purpose: PACKET_SEAL_PURPOSE, manifest }), 'utf8');
}

function sealManifest(manifest: PacketManifestV1, sealer: PacketSealer): Result<PacketSeal> {
  const info = inspectCertificate(sealer.certPem);
  if (!info.ok) return info;
  return ok({
    purpose: PACKET_SEAL_PURPOSE,
    by: sealer.by,
    certFingerprint: info.value.fingerprint,
    certPem: sealer.certPem,
    algorithm: 'RSASSA-PKCS1-v1_5-SHA256',
    signature: sealer.sign(sealBytes(manifest)),
  });
}
