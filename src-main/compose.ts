/**
 * The composition root (STYLE.md: one place builds every service; no singletons). Electron,
 * web mode, the CLI and the tests all call createStation, the tests with fakes (fixed clock,
 * sequential ids, cheap scrypt, in-memory SQLite).
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { err, ok, unwrap, type Result } from '../src-shared/result.ts';
import { SOFTWARE_VERSION } from '../src-shared/version.ts';
import { systemClock, randomIds, type Clock, type IdSource } from '../src-core/clock.ts';
import { AuthService } from './core/auth/auth-service.ts';
import { UserAdmin } from './core/auth/user-admin.ts';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../src-core/auth/password-policy.ts';
import type { ScryptParams } from '../src-core/auth/password-hash.ts';
import { SignatureService } from './core/signatures/signature-service.ts';
import { MfaEnrolment } from './core/auth/mfa-enrolment.ts';
import { AccountReview } from './core/auth/account-review.ts';
import { rsaSigner } from '../src-core/ledger/checkpoint.ts';
import { unwrapPrivateKey, wrapPrivateKeys } from '../src-core/pki/signing-keys.ts';
import { inspectCertificate } from '../src-core/pki/certificate-check.ts';
import { freshKeys, type KeySource } from '../src-core/pki/key-source.ts';
import { bootstrapStation, type StationIdentity } from './core/station/station-bootstrap.ts';
import { localSiteCa, type SiteCaAccess } from './core/station/site-ca-access.ts';
import { DEFAULT_MIGRATIONS_FOLDER, openStationDb, type StationDb } from './db/open-station-db.ts';
import { schemaProblems } from './db/schema/schema-integrity.ts';
import { checkStartIntegrity, type IntegrityReport } from './core/station/start-integrity.ts';
import { TimeTrust } from './core/station/time-trust.ts';
import { gmpGate } from './core/station/gmp-gate.ts';
import { stationModeOf } from './core/station/station-mode.ts';
import { noBalances } from './core/station/no-balances.ts';
import { SettingsService } from './core/settings/settings-service.ts';
import type { StationMode } from '../src-shared/ledger/entry-types/station.ts';
import { LedgerStore, type Projector } from './db/ledger-store.ts';
import { foundationProjectors, projectorRegistry } from './db/projections/foundation.projections.ts';
import { sealLegacyMfaSecrets, sqliteUserDirectory, USER_MFA_SEAL } from './db/user-directory.ts';
import { fieldKey } from '../src-core/crypto/sealed-field.ts';
import { readKey, writeKey } from './db/keystore-repo.ts';
import type { UserDirectory } from './core/auth/user-directory.ts';
import { composeDispensing, dispensingProjectorMaps, type DispensingConfig, type DispensingServices } from './dispensing/compose-dispensing.ts';
import { composeIpqc } from './ipqc/compose-ipqc.ts';
import type { IpqcService } from './core/ipqc/ipqc-service.ts';
import { AlarmService } from './core/alarm/alarm-service.ts';
import { RevocationWatch } from './core/station/revocation-watch.ts';
import { verifiedRevocationListTime } from './db/revocation-check-repo.ts';
import { newerTime } from '../src-core/pki/revocation-freshness.ts';
import type { StationSecretSource } from './station-secret.ts';

export interface StationConfig {
  dbPath: string;
  /**
   * Wraps the station and CA keys (see station-secret.ts). A function is called only once the
   * database is known to be a station's or one being provisioned, so a refused start writes no
   * secret file beside a database that does not exist (FR-155). It is told whether it may make a
   * new secret (only for a station being provisioned); null from it refuses the start
   * (STATION_SECRET_MISSING) with nothing written.
   */
  stationSecret: string | StationSecretSource;
  /**
   * Provisioning, used only when the database is new: who the station is (from IT's provisioning
   * or the hub enrolment, never a built-in constant). A new database without it is refused
   * (STATION_NOT_PROVISIONED).
   */
  identity?: StationIdentity;
  /** Used only when the database is new; recorded in the genesis for good. Default production. */
  mode?: StationMode;
  clock?: Clock;
  ids?: IdSource;
  policy?: PasswordPolicy;
  scrypt?: ScryptParams;
  checkpointEvery?: number;
  /** Source of new signing key pairs (tests inject a pre-generated pool). */
  keys?: KeySource;
  migrationsFolder?: string;
  /** Extra projections from other areas (engine, master data…). */
  projectors?: Record<string, Projector>[];
  /** Weigh & dispense: engine limits, balances, label printer. */
  dispensing?: DispensingConfig;
  /** Days without login after which an account is disabled; default: the accounts.dormantDays setting; null: never (fixtures made with a clock months ago). */
  dormantDays?: number | null;
}

export interface Station extends DispensingServices {
  stationId: string;
  db: StationDb;
  ledger: LedgerStore;
  users: UserDirectory;
  auth: AuthService;
  userAdmin: UserAdmin;
  signatures: SignatureService;
  /** Station settings under change control (A11-17): propose, approve, the version in force. */
  settings: SettingsService;
  /** D25-03: enrolment of the second factor at signing. */
  mfa: MfaEnrolment;
  /** A11-20 / DI-11: the account review, access at a date, dormant accounts. */
  accounts: AccountReview;
  ca: SiteCaAccess;
  clock: Clock;
  ids: IdSource;
  policy: PasswordPolicy;
  /** Production or training, from the genesis. */
  mode: StationMode;
  /** The start-up integrity check; while it failed, GMP entries are refused with its reasons. */
  integrity: IntegrityReport;
  /** Trusted time: the sync client calls `timeTrust.compare(hubTime)` at every hub contact. */
  timeTrust: TimeTrust;
  /** In-process control (issue 12 item 2): checks due, results, OOS/OOT alerts. */
  ipqc: IpqcService;
  /** Alarms (issue 13 item 5): raised by the station's conditions, acknowledged by name, cleared. */
  alarms: AlarmService;
  /** P11-30 / FR-102: the age of the station's revocation knowledge, its alarm and refusal. */
  revocationWatch: RevocationWatch;
  close(): void;
}

export function createStation(config: StationConfig): Result<Station> {
  const clock = config.clock ?? systemClock();
  const ids = config.ids ?? randomIds();
  const policy = config.policy ?? DEFAULT_PASSWORD_POLICY;
  // Refused before anything is created: an unprovisioned start must not leave an empty database
  // behind that the next start would take for an existing station.
  if (!config.identity && config.dbPath !== ':memory:' && !existsSync(config.dbPath)) {
    return err('STATION_NOT_PROVISIONED', `${config.dbPath} does not exist: provision the station (\`batchline station init-admin --station-id …\`) or run \`batchline demo\` for a training station`);
  }
  const opened = openStationDb(config.dbPath, config.migrationsFolder ? { migrationsFolder: config.migrationsFolder } : {});
  if (!opened.ok) return opened;
  const db = opened.value;
  try {
    const existing = db.sqlite.prepare('select station_id from station where id = 1').get() as { station_id: string } | undefined;
    const identity = config.identity;
    if (!existing && !identity) return fail(db, 'STATION_NOT_PROVISIONED', `${config.dbPath} is not a station database yet: provision it (\`batchline station init-admin\`) or run \`batchline demo\` for a training station`);
    const stationSecret = typeof config.stationSecret === 'function' ? config.stationSecret(!existing) : config.stationSecret;
    if (stationSecret === null) return fail(db, 'STATION_SECRET_MISSING', `${config.dbPath}: the station secret (BATCHLINE_STATION_SECRET, ${config.dbPath}.secret or the keystore's ${config.dbPath}.secret.enc) is missing; restore it, a new one would not open this station's keys`);
    const stationId = existing?.station_id ?? identity!.stationId;
    // An existing ledger keeps the interval its genesis promised; a new one records the configured one.
    const genesisEvery = existing ? (db.sqlite.prepare("select json_extract(payload, '$.checkpointEvery') as n from ledger_entries where seq = 1").get() as { n: number | null } | undefined)?.n : null;
    const checkpointEvery = genesisEvery ?? config.checkpointEvery ?? 100;
    const ledger = new LedgerStore(db.sqlite, {
      stationId,
      clock,
      projectors: projectorRegistry(foundationProjectors, ...dispensingProjectorMaps, ...(config.projectors ?? [])),
      checkpointEvery,
    });
    // A new station's keys, still in memory: no need to unwrap what was wrapped a moment ago.
    let fresh: { caKeyPem: string; stationKeyPem: string } | null = null;
    if (!existing) {
      const genesisFields = { mode: config.mode ?? 'production', checkpointEvery } as const;
      const boot = bootstrapStation({ ...identity!, stationId }, clock.now(), SOFTWARE_VERSION, config.keys ?? freshKeys, genesisFields);
      // One scrypt derivation for both keys (issue 16: a new station in under 3 s).
      const [wrapCa, wrapStation] = wrapPrivateKeys([boot.caKeyPem, boot.stationKeyPem], stationSecret, config.scrypt);
      unwrap(
        ledger.append(boot.genesis, (tx) => {
          writeKey(tx as never, 'site-ca', { wrapped: wrapCa, certPem: boot.caCertPem });
          writeKey(tx as never, 'station', { wrapped: wrapStation, certPem: boot.stationCertPem });
        }),
      );
      fresh = { caKeyPem: boot.caKeyPem, stationKeyPem: boot.stationKeyPem };
    }
    const caRecord = readKey(db.sqlite, 'site-ca');
    const stationRecord = readKey(db.sqlite, 'station');
    if (!caRecord?.certPem || !stationRecord?.certPem) return fail(db, 'NOT_FOUND', 'the station keystore is missing its keys');
    const stationKey = fresh ? ok(createPrivateKey(fresh.stationKeyPem)) : unwrapPrivateKey(stationRecord.wrapped, stationSecret);
    if (!stationKey.ok) return fail(db, 'SIGNATURE_PASSWORD_INVALID', 'the station secret does not open this station keystore');
    const stationCert = unwrap(inspectCertificate(stationRecord.certPem));
    ledger.setSigner(rsaSigner(stationId, stationCert.fingerprint, stationKey.value));
    // Before any GMP work: schema, chain head against the last checkpoint, checkpoint interval.
    const integrity = checkStartIntegrity(ledger, ledger.coverageOnOpen, schemaProblems(db.sqlite, config.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER), genesisEvery ?? (existing ? null : checkpointEvery));
    const timeTrust = new TimeTrust(ledger, clock, () => new SettingsService(ledger).current().time);
    ledger.setGate(
      gmpGate(() =>
        !integrity.ok
          ? { code: 'STATION_INTEGRITY_FAILED', message: `the station failed its integrity check at start: ${integrity.problems.join('; ')}`, details: { problems: integrity.problems } }
          : timeTrust.blocked(),
      ),
    );
    const ca = lazySiteCa(caRecord.certPem, () => fresh?.caKeyPem ?? (unwrap(unwrapPrivateKey(caRecord.wrapped, stationSecret)).export({ type: 'pkcs8', format: 'pem' }) as string));
    const mfaKey = fieldKey(stationSecret, USER_MFA_SEAL);
    // D25-03: TOTP seeds are sealed under the station secret; seeds stored before that are sealed now.
    sealLegacyMfaSecrets(db.sqlite, mfaKey);
    const users = sqliteUserDirectory(db.sqlite, mfaKey);
    const scrypt = config.scrypt ? { scrypt: config.scrypt } : {};
    const settings = new SettingsService(ledger);
    // DI-11: dormant accounts are disabled at their next login (and at each start of the station
    // process, shell/station-runtime.ts); `config.dormantDays: null` turns it off (test fixtures).
    const dormantDays = config.dormantDays === null ? {} : { dormantDays: () => config.dormantDays ?? settings.current().accounts.dormantDays };
    const auth = new AuthService({ ledger, users, clock, ids, policy, ...scrypt, ...dormantDays });
    const revokedStmt = db.sqlite.prepare("select revoked_at from certificates where fingerprint = ? and revoked_at is not null");
    const revocation = (fingerprint: string) => {
      const row = revokedStmt.get(fingerprint) as { revoked_at: string } | undefined;
      return row ? { revokedAt: row.revoked_at } : null;
    };
    const userAdmin = new UserAdmin({ ledger, users, clock, ids, policy, ca, keys: config.keys ?? freshKeys, revocation, ...scrypt });
    const genesisTimeZone = ledger.bySeq(1)?.payload.timeZone as string | undefined;
    // P11-30 / FR-102: the revocation list has a maximum age; past it, hub-issued certificates sign nothing here.
    let alarmsRef: AlarmService | null = null;
    const certPemStmt = db.sqlite.prepare('select cert_pem from certificates where fingerprint = ?');
    const revocationWatch = new RevocationWatch({
      clock,
      listTime: () => newerTime(verifiedRevocationListTime(db.sqlite), ledger.query({ types: ['certificate.revocations_received'], limit: Number.MAX_SAFE_INTEGER }).at(-1)?.payload.thisUpdate as string | undefined),
      certificatePem: (fp) => (certPemStmt.get(fp) as { cert_pem: string } | undefined)?.cert_pem ?? null,
      localCaCertPem: caRecord.certPem,
      maxAgeHours: () => settings.current().limits.revocationListMaxAgeHours,
      alarms: () => alarmsRef,
    });
    const signatures = new SignatureService({ ledger, users, auth, clock, signingSettings: () => settings.current().signing, timeZone: () => genesisTimeZone, revocation, revocationCurrent: (fp) => revocationWatch.current(fp) });
    const mfa = new MfaEnrolment({ ledger, users, auth, clock, issuer: `Batchline ${stationId}` });
    const accounts = new AccountReview({ ledger, users, clock });
    // Annex 11 §12 / DI-11: dormant accounts are disabled at every start too, not only at their next login.
    if (existing && integrity.ok) {
      // A11-18: a start with other software than the last recorded is an upgrade (or a downgrade), recorded.
      const last = ledger.query({ types: ['station.initialised', 'station.software_upgraded'], limit: 1_000_000 }).at(-1);
      const lastVersion = last ? String(last.type === 'station.initialised' ? last.payload.softwareVersion : last.payload.to) : null;
      if (lastVersion !== null && lastVersion !== SOFTWARE_VERSION) ledger.append([{ type: 'station.software_upgraded', actor: null, payload: { from: lastVersion, to: SOFTWARE_VERSION } }]);
    }
    const mode = stationModeOf(ledger);
    // The simulated bench is a training tool: a production station without balances has none.
    const dispensingConfig: DispensingConfig = {
      ...(mode === 'production' && !config.dispensing?.balances ? { ...config.dispensing, balances: noBalances } : config.dispensing),
      // A label is printed, or in training previewed, by the station's own mode (issue 18 item 18).
      labelMode: config.dispensing?.labelMode ?? mode,
    };
    const alarms = new AlarmService({ ledger, auth, users, clock });
    alarmsRef = alarms;
    // A station started past the age of its revocation list says so at once (P11-30).
    if (existing && integrity.ok) revocationWatch.warn();
    const dispensing = composeDispensing({ db, ledger, auth, signatures, users, clock, alarms }, dispensingConfig);
    const ipqc = composeIpqc({ db, ledger, auth, signatures, users, clock, alarms }, dispensingConfig.balances ?? dispensing.bench!, dispensingConfig.engine?.stableTimeoutMs);
    return ok({ stationId, db, ledger, users, auth, userAdmin, signatures, settings, mfa, accounts, ca, clock, ids, policy, mode, integrity, timeTrust, ...dispensing, ipqc, alarms, revocationWatch, close: () => db.close() });
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The local CA's key is unwrapped when a certificate is first issued (a new user, a renewal),
 * not at every start: each unwrap is a production-cost scrypt (~0.4 s), and most starts issue
 * nothing (issue 16, item 2). The same station secret wraps the station key, which is
 * unwrapped at start, so a wrong secret is still refused before any work.
 */
function lazySiteCa(caCertPem: string, caKeyPem: () => string): SiteCaAccess {
  let ca: SiteCaAccess | null = null;
  return {
    caCertPem,
    issue: (...args) => {
      ca ??= localSiteCa(caCertPem, caKeyPem());
      return ca.issue(...args);
    },
  };
}

function fail(db: StationDb, code: 'NOT_FOUND' | 'SIGNATURE_PASSWORD_INVALID' | 'STATION_NOT_PROVISIONED' | 'STATION_SECRET_MISSING', message: string): Result<never> {
  db.close();
  return err(code, message);
}
