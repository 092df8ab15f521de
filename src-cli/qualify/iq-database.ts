/**
 * IQ of the station database: the schema is the one this build's migrations make, the
 * append-only triggers are all in place (COMPLIANCE DI-10, §6 attack 2: a dropped trigger),
 * SQLite's own integrity check passes, the whole ledger verifies, the station and site-CA
 * certificates are valid now, and the station is enrolled at the hub it is qualified against.
 * Read-only: nothing here writes to the plant's database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStationDb, readJournal, DEFAULT_MIGRATIONS_FOLDER } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { readKey } from '../../src-main/db/keystore-repo.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { systemClock } from '../../src-core/clock.ts';
import { check, type QualificationCheck } from './qualification-check.ts';

export interface DatabaseFacts {
  readonly checks: QualificationCheck[];
  /** Time of the newest ledger entry, for the clock check. */
  readonly lastEntryTime: string | null;
}

export function databaseChecks(dbPath: string, now: Date, hubUrl: string | undefined, migrationsFolder = DEFAULT_MIGRATIONS_FOLDER): DatabaseFacts {
  const opened = openStationDb(dbPath, { readonly: true, migrationsFolder });
  if (!opened.ok) return { checks: [check('IQ', 'IQ-05', 'Database schema version', 'the station database opens', `${opened.error.code}: ${opened.error.message}`, false)], lastEntryTime: null };
  const sqlite = opened.value.sqlite;
  try {
    const checks = [schemaCheck(sqlite, migrationsFolder), triggerCheck(sqlite, migrationsFolder), integrityCheck(sqlite)];
    const ledger = new LedgerStore(sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
    const verified = verifyLedger({ entries: ledger.iterate(), checkpoints: ledger.checkpoints() });
    checks.push(
      check(
        'IQ',
        'IQ-08',
        'The station ledger verifies',
        'chain, hashes, schemas, certificates, signatures and checkpoints all verify',
        verified.ok ? `verified ${verified.value.entries} entries, ${verified.value.signatures} signatures, ${verified.value.checkpoints} checkpoints` : `FAILED at entry ${verified.error.seq ?? '-'}: ${verified.error.code}: ${verified.error.reason}`,
        verified.ok,
      ),
    );
    checks.push(...certificateChecks(sqlite, now), enrolmentCheck(ledger, hubUrl));
    return { checks, lastEntryTime: ledger.head() ? (ledger.bySeq(ledger.head()!.seq)?.time ?? null) : null };
  } finally {
    opened.value.close();
  }
}

function schemaCheck(sqlite: Database.Database, migrationsFolder: string): QualificationCheck {
  const journal = readJournal(migrationsFolder).entries;
  const expected = `${journal.length} migrations applied, the last ${journal.at(-1)?.tag ?? '-'}`;
  const table = sqlite.prepare("select name from sqlite_master where type='table' and name='__drizzle_migrations'").get();
  const applied = table ? (sqlite.prepare('select count(*) as n, max(created_at) as last from __drizzle_migrations').get() as { n: number; last: number | null }) : { n: 0, last: null };
  const lastTag = journal.find((j) => j.when === applied.last)?.tag ?? 'unknown';
  return check('IQ', 'IQ-05', 'Database schema version', expected, `${applied.n} migrations applied, the last ${lastTag}`, applied.n === journal.length && applied.last === journal.at(-1)?.when);
}

function triggerCheck(sqlite: Database.Database, migrationsFolder: string): QualificationCheck {
  const expected = expectedTriggers(migrationsFolder);
  const present = new Set((sqlite.prepare("select name from sqlite_master where type='trigger'").all() as { name: string }[]).map((r) => r.name));
  const missing = expected.filter((t) => !present.has(t));
  return check(
    'IQ',
    'IQ-06',
    'Append-only triggers on the ledger tables',
    `present: ${expected.join(', ')}`,
    missing.length === 0 ? `all ${expected.length} present` : `MISSING: ${missing.join(', ')}`,
    expected.length > 0 && missing.length === 0,
  );
}

/** The triggers the migrations create: the list cannot fall behind a new migration. */
function expectedTriggers(migrationsFolder: string): string[] {
  const names: string[] = [];
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    for (const m of readFileSync(join(migrationsFolder, file), 'utf8').matchAll(/CREATE TRIGGER\s+(?:IF NOT EXISTS\s+)?[`"]?(\w+)/gi)) names.push(m[1]!);
  }
  return names;
}

function integrityCheck(sqlite: Database.Database): QualificationCheck {
  const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  const observed = rows.map((r) => r.integrity_check).join('; ');
  return check('IQ', 'IQ-07', 'SQLite integrity check', 'ok', observed, observed === 'ok');
}

function certificateChecks(sqlite: Database.Database, now: Date): QualificationCheck[] {
  return (['site-ca', 'station'] as const).map((name, i) => {
    const title = name === 'station' ? 'Station certificate valid now' : 'Site CA certificate valid now';
    const id = `IQ-${String(9 + i).padStart(2, '0')}`;
    const expected = `valid at ${now.toISOString()}`;
    const pem = readKey(sqlite, name)?.certPem;
    if (!pem) return check('IQ', id, title, expected, 'no certificate in the keystore', false);
    const cert = inspectCertificate(pem);
    if (!cert.ok) return check('IQ', id, title, expected, `${cert.error.code}: ${cert.error.message}`, false);
    const c = cert.value;
    const valid = c.notBefore <= now && now <= c.notAfter;
    return check('IQ', id, title, expected, `${c.subjectCommonName}, issued by ${c.issuerCommonName}, valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`, valid);
  });
}

function enrolmentCheck(ledger: LedgerStore, hubUrl: string | undefined): QualificationCheck {
  const record = readSyncRecord(ledger);
  const observed = record.enrolled
    ? `enrolled at ${record.enrolled.hubUrl} (entry ${record.enrolled.seq}); the hub countersigned ${record.countersignedSize} entries`
    : record.requested
      ? `enrolment requested at ${record.requested.hubUrl} (request ${record.requested.requestId}), not approved`
      : 'not enrolled at any hub (a stand-alone station)';
  if (hubUrl === undefined) return check('IQ', 'IQ-11', 'Enrolment at the hub', 'no hub given: recorded as found', observed, 'n/a');
  const same = record.enrolled !== null && sameHub(record.enrolled.hubUrl, hubUrl);
  return check('IQ', 'IQ-11', 'Enrolment at the hub', `enrolled at ${hubUrl}`, observed, same);
}

function sameHub(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
