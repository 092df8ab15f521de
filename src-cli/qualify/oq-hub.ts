/**
 * OQ against the hub (issue 11 item 4; FR-08): with `--hub URL`, the station under
 * qualification runs one real sync round with the hub it is enrolled at — the same round
 * `batchline sync --once` runs, which the station does every 30 s anyway — and the report
 * shows what the hub did with it:
 *
 *   OQ-11  the hub accepted every entry up to the station's head (it re-verifies each entry,
 *          signature and checkpoint before it acknowledges)
 *   OQ-12  the hub countersigned the station's tree head, and the countersignature verifies
 *          against the hub CA pinned at enrolment (recorded as sync.countersigned)
 *   OQ-13  the station's own record still verifies after the round
 *
 * The temporary OQ station cannot do this part: the hub refuses training ledgers by design
 * (SYNC_TRAINING_LEDGER), and enrolling a station needs IT's approval at the hub.
 */
import { createStation } from '../../src-main/compose.ts';
import { pinnedHubTransport } from '../../src-main/sync/hub-client.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import { SyncService } from '../../src-main/sync/sync-service.ts';
import { stationMasterData } from '../../src-main/sync/engine-master-data-sink.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { check, type QualificationCheck } from './qualification-check.ts';

export async function hubSyncChecks(dbPath: string, hubUrl: string, stationSecret: string | null): Promise<QualificationCheck[]> {
  const title11 = 'Sync to the hub';
  const expected11 = `one sync round with ${hubUrl}: the hub acknowledges every entry up to the station's head`;
  if (stationSecret === null) return [check('OQ', 'OQ-11', title11, expected11, 'no station secret: the station cannot sign its sync requests', false)];
  const made = createStation({ dbPath, stationSecret });
  if (!made.ok) return [check('OQ', 'OQ-11', title11, expected11, `${made.error.code}: ${made.error.message}`, false)];
  const station = made.value;
  try {
    const record = readSyncRecord(station.ledger);
    if (!record.enrolled || record.enrolled.hubUrl.replace(/\/+$/, '') !== hubUrl) {
      return [check('OQ', 'OQ-11', title11, expected11, record.enrolled ? `enrolled at ${record.enrolled.hubUrl}, not at ${hubUrl}` : 'the station is not enrolled at any hub', false)];
    }
    const masterData = stationMasterData(station);
    const service = new SyncService({ station, stationSecret, transport: pinnedHubTransport(hubUrl, record.enrolled.hubCaCertPem), ...(masterData ? { masterData } : {}) });
    // A signed checkpoint of the head now, so the hub has a tree head to countersign this round.
    const checkpoint = station.ledger.checkpointNow();
    const checkpointSize = checkpoint.ok ? (checkpoint.value?.treeSize ?? station.ledger.checkpoints().at(-1)?.treeSize ?? 0) : 0;
    const started = Date.now();
    const round = await service.runOnce();
    const head = station.ledger.head()?.seq ?? 0;
    if (!round.ok) return [check('OQ', 'OQ-11', title11, expected11, `refused: ${round.error.code}: ${round.error.message}`, false)];
    // Entries the round itself appended after the hub's acknowledgement (the countersignature
    // record, a contact record) go to the hub in the next round; anything else is unacknowledged.
    const unacknowledged = station.ledger.query({ afterSeq: round.value.hubAckSeq, limit: Number.MAX_SAFE_INTEGER }).filter((e) => !e.type.startsWith('sync.'));
    const checks = [
      check(
        'OQ',
        'OQ-11',
        title11,
        expected11,
        `pushed ${round.value.pushed} entries, pulled ${round.value.pulled} changes in ${((Date.now() - started) / 1000).toFixed(1)} s; the hub acknowledged up to entry ${round.value.hubAckSeq} of ${head}${unacknowledged.length ? `; ${unacknowledged.length} NOT acknowledged, from entry ${unacknowledged[0]!.seq}` : ''}`,
        round.value.hubAckSeq > 0 && unacknowledged.length === 0,
      ),
    ];
    const after = readSyncRecord(station.ledger);
    const countersigned = station.ledger.query({ types: ['sync.countersigned'], limit: Number.MAX_SAFE_INTEGER }).at(-1);
    checks.push(
      check(
        'OQ',
        'OQ-12',
        "The hub's verification: countersigned tree head",
        `the hub countersigns the station's signed tree head of this run (size ${checkpointSize}); the countersignature verifies against the pinned hub CA`,
        countersigned ? `countersigned tree size ${after.countersignedSize} (entry ${countersigned.seq}, verified before it was recorded)` : `no countersignature recorded${checkpoint.ok ? '' : `; the checkpoint failed: ${checkpoint.error.code}`}`,
        checkpointSize > 0 && after.countersignedSize >= checkpointSize,
      ),
    );
    const verified = verifyLedger({ entries: station.ledger.iterate(), checkpoints: station.ledger.checkpoints() });
    checks.push(
      check('OQ', 'OQ-13', 'The record verifies after the sync', 'chain, hashes, signatures and checkpoints all verify', verified.ok ? `verified ${verified.value.entries} entries, ${verified.value.signatures} signatures` : `FAILED at entry ${verified.error.seq ?? '-'}: ${verified.error.code}`, verified.ok),
    );
    return checks;
  } finally {
    station.close();
  }
}

