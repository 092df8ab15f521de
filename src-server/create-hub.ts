/**
 * The hub's composition root (STYLE.md: one place builds every service). The CLI
 * (`batchline hub`), the tests and the benchmark call createHub; it opens and migrates the
 * database, loads (or on first start creates) the hub keys, wires the services and the HTTP
 * app. Nothing here keeps state that another hub process on the same database would miss.
 */
import { fieldKey } from '../src-core/crypto/sealed-field.ts';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { recordSoftwareVersion } from './admin/hub-reports.ts';
import { err, ok, type Result } from '../src-shared/result.ts';
import { randomIds, systemClock, type Clock, type IdSource } from '../src-core/clock.ts';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../src-core/auth/password-policy.ts';
import type { ScryptParams } from '../src-core/auth/scrypt-kdf.ts';
import { freshKeys, type KeySource } from '../src-core/pki/key-source.ts';
import { createCertificateCache } from '../src-core/pki/certificate-check.ts';
import { openHubDb, type HubDb } from './db/open-hub-db.ts';
import { analyzeGrownTables, repeatAnalyzePass } from './db/analyze-pass.ts';
import { loadOrCreateHubKeys } from './keys/hub-keys.ts';
import { resolveHubTls, type HubTlsConfig } from './keys/hub-tls.ts';
import type { HubContext } from './hub-context.ts';
import { AdminAuth } from './admin/admin-auth.ts';
import { AccountAdmin } from './admin/account-admin.ts';
import { EnrolmentService } from './enrolment/enrolment-service.ts';
import { StationAdmin } from './stations/station-admin.ts';
import { authenticateStation } from './stations/station-auth.ts';
import { IntakeService } from './sync/intake-service.ts';
import { MasterDataService } from './master-data/master-data-service.ts';
import { createHubMetrics } from './http/hub-metrics.ts';
import { buildHubApp } from './http/build-app.ts';
import type { HubServices } from './http/hub-services.ts';
import type { EscalationLevel } from '../src-core/alarm/alarm-model.ts';
import type { OeeCalendar } from '../src-shared/equipment/oee-contract.ts';

export interface HubConfig {
  /** PostgreSQL server; when absent, PGlite in `<dataDir>/pgdata` (or in memory without dataDir). */
  databaseUrl?: string;
  dataDir?: string;
  /** An already-open database (tests share one PGlite between hub instances). */
  db?: HubDb;
  secret: string;
  site?: string;
  clock?: Clock;
  ids?: IdSource;
  keys?: KeySource;
  scrypt?: ScryptParams;
  policy?: PasswordPolicy;
  initialCa?: { certPem: string; keyPem: string };
  stationCertDays?: number;
  /** Hub accounts without a login for this many days are disabled (default 180). */
  dormantDays?: number;
  /** Hub roles whose e-signatures always need a one-time code (site policy, D25-03; default none). */
  signingMfaRoles?: readonly string[];
  /** When an unacknowledged alarm is escalated, per level (issue 13 item 5; default 30 min, 4 h). */
  alarmEscalation?: readonly EscalationLevel[];
  logger?: boolean | Record<string, unknown>;
  /** The built web console to serve under /console/ (default dist-console/ when built). */
  consoleDir?: string;
  /** Serve HTTPS: with a provided certificate, or one the hub CA issues at start (hub-tls.ts). */
  tls?: HubTlsConfig;
  /**
   * Behind a reverse proxy: which proxies to believe about the client address (Fastify
   * trustProxy), so login throttling counts the real source, not the proxy.
   */
  trustProxy?: boolean | string | string[];
  /** Shifts, lines, their equipment and ideal rates for OEE (docs/equipment-signals.md). */
  oeeCalendar?: OeeCalendar;
}

export interface Hub {
  app: FastifyInstance;
  services: HubServices;
  db: HubDb;
  /** Starts listening; resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createHub(config: HubConfig): Promise<Result<Hub>> {
  const clock = config.clock ?? systemClock();
  let db: HubDb;
  if (config.db) db = config.db;
  else {
    const opened = await openHubDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : config.dataDir ? { dataDir: join(config.dataDir, 'pgdata') } : {});
    if (!opened.ok) return opened;
    db = opened.value;
  }
  const ownsDb = !config.db;
  try {
    const keySource = config.keys ?? freshKeys;
    const keys = await loadOrCreateHubKeys(db.orm, {
      secret: config.secret,
      site: config.site ?? 'Batchline site',
      now: clock.now(),
      keys: keySource,
      ...(config.scrypt ? { scrypt: config.scrypt } : {}),
      ...(config.initialCa ? { initialCa: config.initialCa } : {}),
    });
    if (!keys.ok) {
      if (ownsDb) await db.close();
      return keys;
    }
    const ctx: HubContext = {
      db: db.orm,
      clock,
      ids: config.ids ?? randomIds(),
      keys: keys.value,
      keySource,
      policy: config.policy ?? DEFAULT_PASSWORD_POLICY,
      ...(config.scrypt ? { scrypt: config.scrypt } : {}),
      stationCertDays: config.stationCertDays ?? 5 * 365,
      sealing: (purpose) => fieldKey(config.secret, `hub/${purpose}`),
      ...(config.dormantDays ? { dormantDays: config.dormantDays } : {}),
      ...(config.signingMfaRoles ? { signingMfaRoles: config.signingMfaRoles } : {}),
      ...(config.alarmEscalation ? { alarmEscalation: config.alarmEscalation } : {}),
      ...(config.oeeCalendar ? { oeeCalendar: config.oeeCalendar } : {}),
    };
    // A11-18: the version this hub runs is recorded at every start that changes it (upgrades in the periodic report).
    await recordSoftwareVersion(ctx);
    const metrics = createHubMetrics();
    const certCache = createCertificateCache();
    const services: HubServices = {
      ctx,
      auth: new AdminAuth(ctx),
      accounts: new AccountAdmin(ctx),
      enrolment: new EnrolmentService(ctx),
      stations: new StationAdmin(ctx),
      intake: new IntakeService(ctx, metrics, certCache),
      masterData: new MasterDataService(ctx),
      metrics,
      certCache,
      authenticateStation: (req) => authenticateStation(ctx, certCache, req),
    };
    const tls = config.tls ? await resolveHubTls(ctx, config.tls) : null;
    if (tls && !tls.ok) {
      if (ownsDb) await db.close();
      return tls;
    }
    const app = await buildHubApp(services, {
      logger: config.logger ?? false,
      consoleDir: config.consoleDir,
      ...(tls ? { https: { cert: tls.value.certPem, key: tls.value.keyPem } } : {}),
      ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    });
    // FR-132: on PGlite (no autovacuum) statistics for the tables that grew, and the named
    // statements planned again after that analyze (a no-op on a PostgreSQL server); at start and every
    // BATCHLINE_ANALYZE_INTERVAL_MS (default 60 s; 0 turns the timer off).
    await analyzeGrownTables(db).catch((e: unknown) => app.log.error({ err: e }, 'analyze pass failed'));
    const stopAnalyze = repeatAnalyzePass(db, Number(process.env.BATCHLINE_ANALYZE_INTERVAL_MS ?? 60_000), (e) => app.log.error({ err: e }, 'analyze pass failed'));
    const scheme = tls ? 'https' : 'http';
    return ok({
      app,
      services,
      db,
      async listen(port, host = '127.0.0.1') {
        await app.listen({ port, host });
        const address = app.server.address();
        const actual = typeof address === 'object' && address ? address.port : port;
        return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${actual}`;
      },
      async close() {
        await stopAnalyze();
        await app.close();
        if (ownsDb) await db.close();
      },
    });
  } catch (e) {
    if (ownsDb) await db.close().catch(() => undefined);
    return err('HUB_ERROR', `the hub could not start: ${(e as Error).message}`);
  }
}
