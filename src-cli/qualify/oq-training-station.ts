/**
 * OQ: a defined functional set run against a TEMPORARY training station made for this run in
 * its own folder and deleted afterwards, never against the plant's database. It reuses the demo
 * seed, which dispenses a whole order on the simulated bench through the engine's headless
 * runner (op.li performs and signs, sup.wang co-signs, a quarantined lot is refused, an
 * over-weighing is re-weighed, another is accepted through an approved deviation), then checks
 * what the record says happened and provokes the refusals an inspector would try.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createStation, type Station, type StationConfig } from '../../src-main/compose.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src-main/demo/seed-demo.ts';
import { DEMO_BATCH } from '../../src-main/demo/seed-dispensing.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { systemClock } from '../../src-core/clock.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { check, type QualificationCheck } from './qualification-check.ts';

export interface OqOptions {
  /** Folder the temporary station is made in (default: the OS temp folder). */
  readonly tempRoot?: string;
  /** Tests only: pre-generated keys and cheap scrypt, so the same set runs in seconds. */
  readonly station?: Pick<StationConfig, 'keys' | 'scrypt'>;
}

export async function oqChecks(opts: OqOptions = {}): Promise<QualificationCheck[]> {
  const dir = mkdtempSync(join(opts.tempRoot ?? tmpdir(), 'batchline-oq-'));
  const dbPath = join(dir, 'oq-training.db');
  try {
    const made = createStation({ dbPath, stationSecret: randomBytes(32).toString('hex'), identity: { stationId: `OQ-TRAINING-${randomBytes(3).toString('hex').toUpperCase()}`, name: 'OQ training station', site: 'qualification run', timeZone: 'UTC' }, mode: 'training', ...opts.station });
    if (!made.ok) return [check('OQ', 'OQ-00', 'Temporary training station', 'a new training station opens', `${made.error.code}: ${made.error.message}`, false)];
    const station = made.value;
    const checks: QualificationCheck[] = [];
    try {
      const started = Date.now();
      const summary = await seedDemo(station);
      station.ledger.checkpointNow();
      checks.push(check('OQ', 'OQ-00', 'Temporary training station', 'demo users, master data and orders seeded; one order run on simulators', `${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`, true));
      checks.push(...orderChecks(station), ...refusalChecks(station));
    } finally {
      station.close();
    }
    checks.push(verifyCheck(dbPath), tamperCheck(dbPath, join(dir, 'tampered.db')));
    return checks;
  } catch (e) {
    return [check('OQ', 'OQ-00', 'Temporary training station', 'the functional set runs to its end', `stopped: ${(e as Error).message}`, false)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function orderChecks(station: Station): QualificationCheck[] {
  const view = station.engine.view(DEMO_BATCH);
  const entries = station.ledger.query({ batchRef: DEMO_BATCH, limit: Number.MAX_SAFE_INTEGER });
  const signatures = entries.filter((e) => e.type === 'signature.applied');
  const refused = entries.filter((e) => e.type === 'engine.command_refused').map((e) => String((e.payload as { code: unknown }).code));
  const bySeq = new Map(station.ledger.query({ limit: Number.MAX_SAFE_INTEGER }).map((e) => [e.seq, e] as const));
  const coSigned = signatures.filter((s) => meaningOf(s) === 'verified' && bySeq.get(targetOf(s))?.actor !== s.actor);
  const performers = new Set(signatures.filter((s) => meaningOf(s) === 'performed').map((s) => s.actor));
  const verifiers = new Set(coSigned.map((s) => s.actor));
  return [
    check('OQ', 'OQ-01', 'A full order', `${DEMO_BATCH} complete, every step done`, `${DEMO_BATCH} ${view.status}, ${view.progress.done}/${view.progress.total} steps, ${view.deviations.length} deviation(s)`, view.status === 'complete' && view.progress.done === view.progress.total),
    check('OQ', 'OQ-02', 'A quarantined lot is refused and the attempt recorded', 'a refused scan in the record', refused.length ? `refused: ${refused.join(', ')}` : 'no refusal recorded', refused.some((c) => /QUARANTIN|LOT_NOT_RELEASED|QC_STATUS/.test(c))),
    check('OQ', 'OQ-03', 'Signatures', 'the operator signs as performer', `${signatures.length} signatures; performers: ${[...performers].length}`, performers.size > 0),
    check('OQ', 'OQ-04', 'Co-signature by a second person', "a 'verified' signature by someone other than who performed", `${coSigned.length} co-signature(s) by ${verifiers.size} verifier(s), each other than the record's performer`, coSigned.length > 0),
  ];
}

function refusalChecks(station: Station): QualificationCheck[] {
  const wrong = station.auth.login('op.li', 'not-the-password-1A');
  const qa = station.auth.login('qa.chen', DEMO_PASSWORD);
  const op = station.auth.login('op.li', DEMO_PASSWORD);
  if (!qa.ok || !op.ok) return [check('OQ', 'OQ-05', 'Refusals', 'demo users log in', `login failed: ${!qa.ok ? qa.error.code : ''} ${!op.ok ? op.error.code : ''}`, false)];
  const qaUser = station.users.byUsername('qa.chen')!;
  const own = station.ledger.query({ actor: qaUser.userId, limit: 1 })[0];
  const selfVerify = own ? station.signatures.sign({ sessionId: qa.value.sessionId, targetSeq: own.seq, meaning: 'verified', password: DEMO_PASSWORD, username: 'qa.chen' }) : null;
  const release = station.signatures.sign({ sessionId: op.value.sessionId, targetSeq: 1, meaning: 'released', password: DEMO_PASSWORD, username: 'op.li' });
  const badPassword = station.signatures.sign({ sessionId: op.value.sessionId, targetSeq: 1, meaning: 'performed', password: 'not-the-password-1A', username: 'op.li' });
  const code = (r: { ok: boolean; error?: { code: string } } | null) => (r === null ? 'not tried' : r.ok ? 'ACCEPTED' : r.error!.code);
  return [
    check('OQ', 'OQ-05', 'A wrong password is refused at login', 'AUTH_INVALID_CREDENTIALS', code(wrong), !wrong.ok && wrong.error.code === 'AUTH_INVALID_CREDENTIALS'),
    check('OQ', 'OQ-06', 'A wrong password is refused at signing', 'SIGNATURE_PASSWORD_INVALID', code(badPassword), !badPassword.ok && badPassword.error.code === 'SIGNATURE_PASSWORD_INVALID'),
    check('OQ', 'OQ-07', 'Nobody verifies their own record', 'SIGNATURE_SAME_USER', code(selfVerify), selfVerify !== null && !selfVerify.ok && selfVerify.error.code === 'SIGNATURE_SAME_USER'),
    check('OQ', 'OQ-08', 'An operator cannot release', 'SIGNATURE_ROLE_REQUIRED', code(release), !release.ok && release.error.code === 'SIGNATURE_ROLE_REQUIRED'),
  ];
}

function verifyCheck(dbPath: string): QualificationCheck {
  const r = verifyFile(dbPath);
  return check('OQ', 'OQ-09', 'The record verifies offline', 'chain, hashes, signatures and checkpoints verify', r.ok ? `verified ${r.value.entries} entries, ${r.value.signatures} signatures, ${r.value.checkpoints} checkpoints` : `FAILED at ${r.error.seq}: ${r.error.code}`, r.ok);
}

/** Edits one weighing in a copy with the triggers dropped, as §6 attack 2 does: verify must name it. */
function tamperCheck(dbPath: string, copyPath: string): QualificationCheck {
  copyFileSync(dbPath, copyPath);
  const raw = new Database(copyPath);
  let target: number;
  try {
    for (const t of raw.prepare("select name from sqlite_master where type = 'trigger'").all() as { name: string }[]) raw.exec(`drop trigger "${t.name}"`);
    const row = raw.prepare("select seq from ledger_entries where type like '%weigh%' order by seq limit 1").get() as { seq: number } | undefined;
    target = row?.seq ?? 2;
    raw.prepare("update ledger_entries set payload = replace(payload, '1', '2') where seq = ?").run(target);
  } finally {
    raw.close();
  }
  const r = verifyFile(copyPath);
  const observed = r.ok ? 'the edited copy VERIFIED' : `refused at entry ${r.error.seq}: ${r.error.code}`;
  return check('OQ', 'OQ-10', 'An edited entry is detected', `verify refuses a copy whose entry ${target} was edited, naming entry ${target}`, observed, !r.ok && r.error.seq === target);
}

function verifyFile(dbPath: string) {
  const opened = openStationDb(dbPath, { readonly: true });
  if (!opened.ok) return { ok: false as const, error: { seq: null, code: opened.error.code, reason: opened.error.message } };
  try {
    const ledger = new LedgerStore(opened.value.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
    return verifyLedger({ entries: ledger.iterate(), checkpoints: ledger.checkpoints() });
  } finally {
    opened.value.close();
  }
}

const meaningOf = (e: LedgerEntry) => String((e.payload as { meaning: unknown }).meaning);
const targetOf = (e: LedgerEntry) => Number((e.payload as { targetSeq: unknown }).targetSeq);
