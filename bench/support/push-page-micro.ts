/**
 * FR-150 (issue 16 item 3, session 15): a push page from the station's SQLite to the hub's parsed
 * value, the session-14 way (json_object rows joined into one string, encoded, decoded into one
 * string at the hub, JSON.parse) against today's (one SQLite BLOB, one Buffer.concat, read entry by
 * entry), and each change alone, in one process, alternating: CPU and minor page faults per page
 * of 500 entries (fresh memory is what costs on the shared machine).
 * `node --expose-gc --import tsx bench/support/push-page-micro.ts`
 */
import { makeTestStation } from '../../test/fakes/test-station.ts';
import { stationActivity } from '../../test/hub/support/station-activity.ts';
import { pushBodyBytes } from '../../src-main/sync/hub-client.ts';
import { readJsonBody } from '../../src-server/http/json-body.ts';
const station = makeTestStation();
stationActivity(station).record(5000);
const db = station.db.sqlite;
const OLD_ROWS = "select seq, json_object('seq', seq, 'stationId', station_id, 'time', time, 'tzOffset', tz_offset, 'type', type, 'actor', actor, 'batchRef', batch_ref, 'payload', json(payload), 'prevHash', prev_hash, 'hash', hash) from ledger_entries where seq >= ? and seq <= ? order by seq";
const oldStmt = db.prepare(OLD_ROWS).raw();
const cps = (p: number) => station.ledger.checkpoints(p * 500, p * 500 + 500);
function oldPage(p: number) {
  const rows = oldStmt.all(p * 500 + 1, p * 500 + 500) as [number, string][];
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = rows[i]![1];
  const text = `{"entries":[${parts.join(',')}],"checkpoints":${JSON.stringify(cps(p))},"atHead":false}`;
  const bytes = Buffer.from(text, 'utf8');
  return JSON.parse(bytes.toString('utf8')) as unknown;
}
function newPage(p: number) {
  const bytes = pushBodyBytes({ entriesJson: station.ledger.entriesJson(p * 500 + 1, p * 500 + 500).json, checkpoints: cps(p), atHead: false });
  const r = readJsonBody(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
function stationOnly(p: number) {
  const bytes = pushBodyBytes({ entriesJson: station.ledger.entriesJson(p * 500 + 1, p * 500 + 500).json, checkpoints: cps(p), atHead: false });
  return JSON.parse(bytes.toString('utf8')) as unknown;
}
function hubOnly(p: number) {
  const rows = oldStmt.all(p * 500 + 1, p * 500 + 500) as [number, string][];
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = rows[i]![1];
  const text = `{"entries":[${parts.join(',')}],"checkpoints":${JSON.stringify(cps(p))},"atHead":false}`;
  const r = readJsonBody(Buffer.from(text, 'utf8'));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
const sample = Buffer.from(JSON.stringify(oldPage(0)));
console.log('page bytes', sample.length, 'two-byte text:', /[^\x00-\xff]/.test(sample.toString()));
const ways: Record<string, (p: number) => unknown> = { old: oldPage, new: newPage, stationOnly, hubOnly };
const res: Record<string, number[][]> = { old: [], new: [], stationOnly: [], hubOnly: [] };
for (let rep = 0; rep < 6; rep++) for (const name of (rep % 2 ? ['new', 'hubOnly', 'stationOnly', 'old'] : ['old', 'stationOnly', 'hubOnly', 'new'])) {
  (globalThis as { gc?: () => void }).gc?.();
  const r0 = process.resourceUsage();
  let keep: unknown[] = [];
  for (let i = 0; i < 5; i++) { for (let p = 0; p < 10; p++) keep.push(ways[name]!(p)); keep = []; }
  const r1 = process.resourceUsage();
  res[name]!.push([(r1.userCPUTime + r1.systemCPUTime - r0.userCPUTime - r0.systemCPUTime) / 1000 / 50, (r1.systemCPUTime - r0.systemCPUTime) / 1000 / 50, (r1.minorPageFault - r0.minorPageFault) / 50]);
}
for (const [name, rows] of Object.entries(res)) {
  const med = (k: number) => rows.map((r) => r[k]!).sort((a, b) => a - b)[rows.length >> 1]!.toFixed(2);
  console.log(name, 'ms/page median', med(0), 'sys', med(1), 'minor faults/page', med(2), 'all', rows.map((r) => r[0]!.toFixed(2)).join(' '));
}
station.cleanup();
