/**
 * The evidence packet of one batch, written at the station (`batchline evidence --db F`): the
 * station's ledger is the source, its key seals the manifest. A station knows no revocations
 * (the hub keeps the certificate register), so their status is "unknown" unless IT hands over
 * the hub's list (`--revocations FILE`). Entries after the last checkpoint are first covered by
 * a new signed checkpoint, as `checkpointNow` does at any other time.
 */
import type { Station } from '../compose.ts';
import { buildEvidencePacket, type BuiltPacket, type RecordPdfRenderer } from '../../src-core/archive/build-packet.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { err, type Result } from '../../src-shared/result.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';

export interface StationPacketOptions {
  batchNumber: string;
  /** The hub's certificate register, when IT handed it over: revoked or not, by fingerprint. */
  register: Map<string, { revokedAt: string | null; reason: string }> | null;
  renderPdf?: RecordPdfRenderer | null;
}

export async function stationEvidencePacket(station: Station, options: StationPacketOptions): Promise<Result<BuiltPacket>> {
  const { ledger } = station;
  const batchEntries = ledger.query({ batchRef: options.batchNumber, limit: Number.MAX_SAFE_INTEGER });
  if (batchEntries.length === 0) return err('ORDER_UNKNOWN', `no batch ${options.batchNumber} in this station's ledger`);
  const signer = ledger.stationSigner();
  if (!signer) return err('CHECKPOINT_INVALID', 'the station has no signing key yet');
  const covered = ledger.checkpointNow();
  if (!covered.ok) return covered;
  const certificates = ledger.query({ types: ['certificate.issued'], limit: Number.MAX_SAFE_INTEGER });
  const stationCert = certificates.find((e) => e.payload.fingerprint === signer.certFingerprint);
  if (!stationCert) return err('CERTIFICATE_INVALID', 'the station certificate is not recorded in its ledger');
  const users = station.users;
  const record = buildBatchRecord(options.batchNumber, batchEntries, { user: (id) => users.byId(id) });
  const pdf = options.renderPdf ? await options.renderPdf(record) : null;
  const hashes = station.db.sqlite.prepare('select hash from ledger_entries where seq <= ? order by seq');
  const now = station.clock.now();
  return buildEvidencePacket({
    batchNumber: options.batchNumber,
    source: { kind: 'station', stationId: station.stationId },
    ledger: {
      stationId: station.stationId,
      batchEntries,
      bySeq: (seq) => ledger.bySeq(seq),
      ofType: (type) => ledger.query({ types: [type], limit: Number.MAX_SAFE_INTEGER }),
      leafHashes: (upTo) => (hashes.all(upTo) as { hash: string }[]).map((r) => Buffer.from(r.hash, 'hex')),
      checkpoints: ledger.checkpoints(),
    },
    record,
    pdf,
    revocationOf: (fp) => {
      if (!options.register) return { status: 'unknown', source: 'none: a station keeps no revocation list (the hub does)' };
      const known = options.register.get(fp);
      const source = 'the hub certificate register handed to the station';
      if (!known) return { status: 'unknown', source: `${source} (which does not list this certificate)` };
      return known.revokedAt ? { status: 'revoked', revokedAt: known.revokedAt, reason: known.reason, source } : { status: 'good', source };
    },
    createdAt: now,
    tzOffset: station.clock.tzOffset(now),
    softwareVersion: SOFTWARE_VERSION,
    seal: { by: 'station', certPem: String(stationCert.payload.certPem), sign: (bytes) => signer.sign(bytes) },
  });
}
