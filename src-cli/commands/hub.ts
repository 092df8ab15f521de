/**
 * The hub and sync from the command line, for IT and scripts (issue #6 item 6):
 *
 *   batchline hub --port P --data DIR          serve (PGlite in DIR, or DATABASE_URL)
 *   batchline hub init-admin --data DIR --user NAME   the first administrator, on the hub machine
 *   batchline hub approve ID --hub URL --user NAME    approve a station's enrolment request
 *   batchline hub reject ID --hub URL --user NAME --reason TEXT
 *   batchline hub stations --hub URL --user NAME      sync health of every station
 *   batchline hub enrolment-code --hub URL --user NAME  a one-time code for one station
 *   batchline hub iq --release KIT --public-key PUB --data DIR  this hub against its signed release (hub-iq.ts)
 *   batchline enrol --db STATION.db --hub URL --code C  ask the hub for a station certificate
 *   batchline sync --db STATION.db --hub URL --once   one full round; non-zero if refused
 *
 * Passwords come from BATCHLINE_PASSWORD or a prompt, never from the command line (shell
 * history). The hub secret comes from BATCHLINE_HUB_SECRET or, with PGlite, DIR/hub.secret.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure, refusalText, type CliIo } from '../cli-io.ts';
import { progressFrom } from '../progress.ts';
import { refuseIn, say, type CliWordKey, type WordVars } from '../cli-words.ts';
import { passwordFromEnv } from '../cli-password.ts';
import { createHub } from '../../src-server/create-hub.ts';
import { resolveHubSecret } from '../../src-server/hub-secret.ts';
import { createStation } from '../../src-main/compose.ts';
import { freshKeys } from '../../src-core/pki/key-source.ts';
import { loadOrCreateStationSecret, loadStationSecret } from '../../src-main/station-secret.ts';
import { HubAdminClient } from '../../src-main/sync/hub-admin-client.ts';
import { HubClient, pinnedHubTransport } from '../../src-main/sync/hub-client.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import type { HubTlsConfig } from '../../src-server/keys/hub-tls.ts';
import { parseEquipmentSignalsConfig } from '../../src-server/equipment-signals/equipment-signals-config.ts';
import { EquipmentSignalService } from '../../src-server/equipment-signals/signals-service.ts';
import { requestEnrolment } from '../../src-main/sync/station-enrolment.ts';
import { SyncService } from '../../src-main/sync/sync-service.ts';
import { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import { stationMasterData } from '../../src-main/sync/engine-master-data-sink.ts';
import { registerHubIqCommand } from './hub-iq.ts';
import { cliInteger } from '../cli-number.ts';

type SetExit = (code: number) => void;

export function registerHubCommands(program: Command, io: CliIo, setExit: SetExit): void {
  const hub = program.command('hub').description('the central hub: serve it, create its first admin, approve stations, watch sync health');
  hub
    .command('serve', { isDefault: true })
    .description('run the hub (PGlite in --data, or the PostgreSQL server in DATABASE_URL)')
    .option('--port <port>', 'TCP port (0 = any free port)', '8760')
    .option('--host <host>', 'interface to listen on (put TLS in front for anything but loopback)', '127.0.0.1')
    .option('--data <dir>', 'data folder for the embedded database and its secret')
    .option('--site <name>', 'site name for a new hub CA', 'Batchline site')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM; with --tls-key)')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .option('--tls-auto [names]', 'serve HTTPS with a certificate from the hub CA for localhost, this machine and these comma-separated names')
    .option('--trust-proxy <addresses>', 'behind a reverse proxy: its addresses (comma-separated), so logins are throttled per real client')
    .option('--equipment-config <file>', 'shift calendar for OEE and the OPC UA equipment signals to subscribe to (JSON or YAML; docs/equipment-signals.md)')
    .option('--signing-mfa-roles <roles>', 'site policy: hub roles whose every e-signature needs a one-time code (comma-separated, e.g. qa,qp)')
    .action(async (opts: ServeOptions) => setExit(await serve(opts, io)));
  hub
    .command('init-admin')
    .description('create the first hub administrator (only while the hub has none); run on the hub machine')
    .option('--data <dir>', 'data folder of the embedded database (or DATABASE_URL)')
    .requiredOption('--user <name>', 'user name of the administrator')
    .option('--name <printed>', 'printed name', 'Hub administrator')
    .action(async (opts: { data?: string; user: string; name: string }) => setExit(await initAdmin(opts, io)));
  hub
    .command('approve <requestId>')
    .description("approve a station's enrolment request: the hub CA issues its certificate")
    .requiredOption('--hub <url>', 'hub base URL')
    .requiredOption('--user <name>', 'administrator user name (password: BATCHLINE_PASSWORD or prompt)')
    .option('--reason <text>', 'why (recorded in the hub audit trail)')
    .action(async (requestId: string, opts: { hub: string; user: string; reason?: string }) =>
      setExit(await asAdmin(opts, io, async (c) => {
        const r = await c.approve(requestId, opts.reason);
        if (!r.ok) return r;
        io.out(say(io, 'hubApproved', { request: requestId, station: r.value.stationId, ca: r.value.caFingerprint }));
        return r;
      })),
    );
  hub
    .command('reject <requestId>')
    .description("reject a station's enrolment request")
    .requiredOption('--hub <url>', 'hub base URL')
    .requiredOption('--user <name>', 'administrator user name')
    .requiredOption('--reason <text>', 'why (shown to the station, recorded at the hub)')
    .action(async (requestId: string, opts: { hub: string; user: string; reason: string }) =>
      setExit(await asAdmin(opts, io, async (c) => {
        const r = await c.reject(requestId, opts.reason);
        if (r.ok) io.out(say(io, 'hubRejected', { request: requestId }));
        return r;
      })),
    );
  hub
    .command('enrolment-code')
    .description('issue a one-time enrolment code for one station (give it to whoever installs the station)')
    .requiredOption('--hub <url>', 'hub base URL')
    .requiredOption('--user <name>', 'administrator user name')
    .option('--valid-hours <n>', 'how long the code can be used (1–168)', '24')
    .action(async (opts: { hub: string; user: string; validHours: string }) => {
      const hours = cliInteger('--valid-hours', opts.validHours, 1, 168);
      return setExit(
        await asAdmin(opts, io, async (c) => {
          const r = await c.enrolmentCode(hours);
          if (r.ok) io.out(say(io, 'hubEnrolmentCode', { code: r.value.code, until: r.value.expiresAt }));
          return r;
        }),
      );
    });
  hub
    .command('stations')
    .description('list stations with their sync health (acknowledged head, last push, forks, refusals)')
    .requiredOption('--hub <url>', 'hub base URL')
    .requiredOption('--user <name>', 'administrator user name')
    .action(async (opts: { hub: string; user: string }) =>
      setExit(await asAdmin(opts, io, async (c) => {
        const r = await c.stations();
        if (!r.ok) return r;
        for (const s of r.value) {
          const row = say(io, 'hubStationRow', { station: s.stationId, status: s.status, ack: s.ackSeq, lastPush: s.lastPushAt ?? '-', forks: s.openForks, refusals: s.refusals });
          io.out(s.statusReason ? `${row}\t${s.statusReason}` : row);
        }
        return r;
      })),
    );
  registerHubIqCommand(hub, io, setExit);

  program
    .command('enrol')
    .description('ask a hub to enrol this station (prints the request id for the hub admin to approve)')
    .requiredOption('--db <path>', 'station database file')
    .requiredOption('--hub <url>', 'hub base URL')
    .option('--ca-fingerprint <sha256>', "refuse unless the hub's CA has this fingerprint")
    .option('--code <code>', 'one-time enrolment code from IT (or BATCHLINE_ENROLMENT_CODE)')
    .option('--hub-ca <file>', 'an https hub: trust only this CA certificate (PEM) until enrolment pins the hub CA')
    .action(async (opts: { db: string; hub: string; caFingerprint?: string; code?: string; hubCa?: string }) => setExit(await enrol(opts, io)));
  program
    .command('sync')
    .description('sync this station with its hub: finish enrolment, pull master data, push the ledger')
    .requiredOption('--db <path>', 'station database file')
    .requiredOption('--hub <url>', 'hub base URL')
    .option('--once', 'one full round, then exit (non-zero when refused)')
    .option('--page-size <n>', 'entries per push', '500')
    .option('--hub-ca <file>', 'an https hub: trust only this CA certificate (PEM) until enrolment pins the hub CA')
    .action(async (opts: { db: string; hub: string; once?: boolean; pageSize: string; hubCa?: string }) => setExit(await sync(opts, io)));
}

interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  site: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsAuto?: string | boolean;
  trustProxy?: string;
  equipmentConfig?: string;
  signingMfaRoles?: string;
}

function tlsOption(opts: ServeOptions): HubTlsConfig | null | CliWordKey {
  if (opts.tlsAuto !== undefined && (opts.tlsCert || opts.tlsKey)) return 'hubTlsEither';
  if (opts.tlsAuto !== undefined) return { auto: true, hostnames: typeof opts.tlsAuto === 'string' ? opts.tlsAuto.split(',') : [] };
  if (!opts.tlsCert && !opts.tlsKey) return null;
  if (!opts.tlsCert || !opts.tlsKey) return 'hubTlsTogether';
  if (!existsSync(opts.tlsCert) || !existsSync(opts.tlsKey)) return 'hubTlsMissing';
  return { certPem: readFileSync(opts.tlsCert, 'utf8'), keyPem: readFileSync(opts.tlsKey, 'utf8') };
}

async function serve(opts: ServeOptions, io: CliIo): Promise<number> {
  const port = cliInteger('--port', opts.port, 0, 65535);
  const tls = tlsOption(opts);
  if (typeof tls === 'string') return usage(io, tls);
  const databaseUrl = io.env.DATABASE_URL;
  if (!databaseUrl && !opts.data) return usage(io, 'hubGiveData');
  if (opts.equipmentConfig && !existsSync(opts.equipmentConfig)) return refuseIn(io, 'FILE_NOT_FOUND', 'noSuchFile', { path: opts.equipmentConfig }, EXIT_USAGE);
  const equipment = opts.equipmentConfig ? parseEquipmentSignalsConfig(readFileSync(opts.equipmentConfig, 'utf8')) : null;
  if (equipment && !equipment.ok) return printFailure(io, io.json, equipment.error, EXIT_USAGE);
  const secret = resolveHubSecret({ ...(opts.data ? { dataDir: opts.data } : {}), ...(databaseUrl ? { databaseUrl } : {}) }, io.env);
  if (!secret.ok) return failed(io, secret.error.code, secret.error.message);
  // D25-03 / FR-101: the roles whose e-signatures always need a second factor.
  const mfaRoles = (opts.signingMfaRoles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknownRole = mfaRoles.find((r) => !HubRole.safeParse(r).success);
  if (unknownRole) return usage(io, 'hubMfaRoleUnknown', { role: unknownRole, roles: HubRole.options.join(', ') });
  const hub = await createHub({
    ...(databaseUrl ? { databaseUrl } : { dataDir: opts.data! }),
    secret: secret.value,
    site: opts.site,
    ...(mfaRoles.length > 0 ? { signingMfaRoles: mfaRoles } : {}),
    ...(equipment?.value.calendar ? { oeeCalendar: equipment.value.calendar } : {}),
    logger: { level: io.env.BATCHLINE_LOG_LEVEL ?? 'info' },
    ...(tls ? { tls } : {}),
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy.split(',').map((a) => a.trim()) } : {}),
  });
  if (!hub.ok) return failed(io, hub.error.code, hub.error.message);
  const url = await hub.value.listen(port, opts.host);
  io.out(say(io, 'hubListening', { url, kind: hub.value.db.kind, ca: hub.value.services.ctx.keys.caFingerprint }));
  // Equipment signals: the hub does not wait for a PLC to start, and keeps retrying one that is down.
  const signals = new EquipmentSignalService(hub.value.services.ctx);
  // node-opcua loads only for a hub that subscribes to a PLC: loaded with every hub, enrol and
  // sync command it printed two lines of its own warnings on stderr and slowed each start (FR-138).
  const opcua = equipment?.value.opcua ?? [];
  const { openEquipmentOpcuaIngest } = opcua.length > 0 ? await import('../../src-server/equipment-signals/equipment-opcua-ingest.ts') : { openEquipmentOpcuaIngest: null };
  const ingests = opcua.map((o) => {
    const ingest = openEquipmentOpcuaIngest!(signals, o);
    ingest.ready.then(
      () => io.out(say(io, 'hubSignalsFrom', { url: o.endpointUrl, count: o.points.length })),
      (e: unknown) => io.err(say(io, 'hubSignalsStopped', { url: o.endpointUrl, reason: (e as Error).message })),
    );
    return ingest;
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all(ingests.map((i) => i.close().catch(() => undefined)));
  await hub.value.close();
  return EXIT_OK;
}

async function initAdmin(opts: { data?: string; user: string; name: string }, io: CliIo): Promise<number> {
  const databaseUrl = io.env.DATABASE_URL;
  if (!databaseUrl && !opts.data) return usage(io, 'hubGiveData');
  const secret = resolveHubSecret({ ...(opts.data ? { dataDir: opts.data } : {}), ...(databaseUrl ? { databaseUrl } : {}) }, io.env);
  if (!secret.ok) return failed(io, secret.error.code, secret.error.message);
  const password = await readPassword(io, say(io, 'passwordPromptNew', { user: opts.user }));
  const hub = await createHub({ ...(databaseUrl ? { databaseUrl } : { dataDir: opts.data! }), secret: secret.value });
  if (!hub.ok) return failed(io, hub.error.code, hub.error.message);
  try {
    const created = await hub.value.services.auth.createFirstAdmin({ username: opts.user, printedName: opts.name, password });
    if (!created.ok) return failed(io, created.error.code, created.error.message);
    io.out(say(io, 'hubAdminCreated', { user: created.value.username, ca: hub.value.services.ctx.keys.caFingerprint }));
    return EXIT_OK;
  } finally {
    await hub.value.close();
  }
}

async function asAdmin(
  opts: { hub: string; user: string },
  io: CliIo,
  act: (client: HubAdminClient) => Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>,
): Promise<number> {
  const client = new HubAdminClient(opts.hub);
  const login = await client.login(opts.user, await readPassword(io, say(io, 'passwordPrompt', { user: opts.user })));
  if (!login.ok) return failed(io, login.error.code, login.error.message);
  const r = await act(client);
  return r.ok ? EXIT_OK : failed(io, r.error.code, r.error.message);
}

/** The CA an https hub is trusted by: the one pinned at enrolment, else --hub-ca. */
function hubCa(ledger: Parameters<typeof readSyncRecord>[0], file: string | undefined): string | null {
  return readSyncRecord(ledger).enrolled?.hubCaCertPem ?? (file && existsSync(file) ? readFileSync(file, 'utf8') : null);
}

async function enrol(opts: { db: string; hub: string; caFingerprint?: string; code?: string; hubCa?: string }, io: CliIo): Promise<number> {
  if (!existsSync(opts.db)) return refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: opts.db }, EXIT_USAGE);
  const enrolmentCode = opts.code ?? io.env.BATCHLINE_ENROLMENT_CODE;
  if (!enrolmentCode) return usage(io, 'enrolGiveCode');
  // FR-155: the secret file is written only once the database opens as a station's.
  const station = createStation({ dbPath: opts.db, stationSecret: (mayCreate) => loadStationSecret(opts.db, io.env, mayCreate) });
  if (!station.ok) return failed(io, station.error.code, station.error.message);
  try {
    const client = new HubClient(pinnedHubTransport(opts.hub, hubCa(station.value.ledger, opts.hubCa)), station.value.clock, null);
    const r = await requestEnrolment(station.value, client, { stationSecret: loadOrCreateStationSecret(opts.db, io.env), keys: freshKeys, enrolmentCode, ...(opts.caFingerprint ? { expectedCaFingerprint: opts.caFingerprint } : {}) });
    if (!r.ok) return failed(io, r.error.code, r.error.message);
    io.out(say(io, r.value.alreadyRequested ? 'enrolRequestAgain' : 'enrolRequest', { request: r.value.requestId }));
    io.out(say(io, 'enrolCompareCa', { fingerprint: r.value.caFingerprint }));
    io.out(say(io, 'enrolApproveAt', { request: r.value.requestId, hub: opts.hub }));
    return EXIT_OK;
  } finally {
    station.value.close();
  }
}

/** A push of this many entries or more shows progress. */
const SYNC_PROGRESS_FROM = 5_000;

async function sync(opts: { db: string; hub: string; once?: boolean; pageSize: string; hubCa?: string }, io: CliIo): Promise<number> {
  if (!existsSync(opts.db)) return refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: opts.db }, EXIT_USAGE);
  const pageSize = cliInteger('--page-size', opts.pageSize, 1, 1000);
  // FR-155: the secret file is written only once the database opens as a station's.
  const station = createStation({ dbPath: opts.db, stationSecret: (mayCreate) => loadStationSecret(opts.db, io.env, mayCreate) });
  if (!station.ok) return failed(io, station.error.code, station.error.message);
  const stationSecret = loadOrCreateStationSecret(opts.db, io.env);
  try {
    const masterData = stationMasterData(station.value);
    // Pinned to the hub CA from enrolment once there is one (hub-client.ts).
    const transport = pinnedHubTransport(opts.hub, hubCa(station.value.ledger, opts.hubCa));
    const service = new SyncService({ station: station.value, stationSecret, transport, pageSize, ...(masterData ? { masterData } : {}) });
    if (!opts.once) {
      service.onStatus((s) => io.err(s.lastError ? say(io, 'syncStatusError', { phase: s.phase, pending: s.pendingEntries, code: s.lastError.code }) : say(io, 'syncStatus', { phase: s.phase, pending: s.pendingEntries })));
      service.start();
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await service.stop();
      return EXIT_OK;
    }
    // A long backlog (a station offline for days) shows progress as the pages are acknowledged.
    const progress = progressFrom(io, say(io, 'progressSyncPush'), SYNC_PROGRESS_FROM);
    const off = service.onStatus((s) => {
      if (s.phase === 'pushing') progress.report(s.pushedTotal, s.pushedTotal + s.pendingEntries);
    });
    const r = await service.runOnce().finally(() => (off(), progress.stop()));
    // Trusted time (A11-22): say so whenever the station cannot trust its clock, refusal or not.
    const time = station.value.timeTrust.state();
    if (!time.trusted) {
      const drift = time.driftSeconds === null ? say(io, 'syncDriftUnknown') : say(io, 'syncDriftSeconds', { seconds: Math.round(time.driftSeconds) });
      const message = say(io, time.policy === 'block' ? 'syncClockBlocked' : 'syncClockFlagged', { drift });
      io.err(say(io, 'warning', { what: refusalText(io, { code: 'STATION_TIME_UNTRUSTED', message }) }));
    }
    if (!r.ok) return failed(io, r.error.code, r.error.message);
    if (r.value.enrolledNow) io.out(say(io, 'syncEnrolmentCompleted'));
    const notice = service.status().notice;
    if (notice) io.err(say(io, 'warning', { what: refusalText(io, notice) }));
    io.out(say(io, masterData ? 'syncDone' : 'syncDoneNoMasterData', { pushed: r.value.pushed, pulled: r.value.pulled }));
    return EXIT_OK;
  } finally {
    station.value.close();
  }
}

async function readPassword(io: CliIo, prompt: string): Promise<string> {
  const fromEnv = passwordFromEnv(io);
  if (fromEnv !== undefined) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true });
  const output = rl as unknown as { _writeToOutput?: (s: string) => void };
  process.stderr.write(prompt);
  // Echo nothing while the password is typed.
  output._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

/** A usage refusal of this module's own checks (FR-155): USAGE_INVALID, worded in --lang, JSON with --json. */
function usage(io: CliIo, key: CliWordKey, vars: WordVars = {}): number {
  return refuseIn(io, 'USAGE_INVALID', key, vars, EXIT_USAGE);
}

/** A typed refusal (FR-149): the code's words in --lang with the internal message as the detail; JSON with --json. */
function failed(io: CliIo, code: string, message: string): number {
  if (io.json) return printFailure(io, true, { code, message }, EXIT_FAILED);
  io.err(say(io, 'refused', { refusal: refusalText(io, { code, message }) }));
  return EXIT_FAILED;
}
