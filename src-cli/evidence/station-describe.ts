/**
 * `batchline station describe --db F [--json]`: the system description of one station for the
 * inventory (EU GMP Annex 11 §4.3, COMPLIANCE A11-06), read from the database only (read-only):
 * who the station is, the software and schema, the configuration in force and its hash, the
 * enrolled devices (balances with the serial numbers master data gives them, scanners,
 * printers), the hub it is enrolled at, and the data flows in and out.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { StationSettings } from '../../src-shared/settings/station-settings.ts';
import { systemClock } from '../../src-core/clock.ts';
import { DEFAULT_MIGRATIONS_FOLDER, openStationDb, readJournal } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { sqliteMasterDataReader } from '../../src-main/db/master-data-repo.ts';
import { SettingsService } from '../../src-main/core/settings/settings-service.ts';
import { readSyncRecord } from '../../src-main/sync/sync-record.ts';
import { installedReleaseInfo } from '../../src-main/release-info.ts';

export interface DataFlow {
  readonly from: string;
  readonly to: string;
  readonly what: string;
  readonly how: string;
}

export interface StationDescription {
  readonly station: { stationId: string; name: string; site: string; timeZone: string; mode: string; createdAt: string; createdBy: string };
  readonly software: { running: string; recordedAtCreation: string; docsVersion: string | null; docsSha256: string | null };
  readonly schema: { applied: number; last: string | null };
  readonly configuration: { sha256: string; lastChangeSeq: number | null; lastChangedAt: string | null };
  readonly devices: {
    balances: { id: string; label: string; protocol: string; port: string; serialNumber: string | null; model: string | null }[];
    scanners: { id: string; kind: string; port: string | null; usb: { vendorId: string; productId: string; serialNumber?: string } | null }[];
    printers: { id: string; kind: string; address: string }[];
  };
  readonly hub: { url: string; enrolledAtSeq: number; countersignedEntries: number } | { requested: string } | null;
  readonly ledger: { entries: number; headSeq: number | null; headHash: string | null };
  readonly dataFlows: readonly DataFlow[];
}

export function describeStation(dbPath: string): Result<StationDescription> {
  const opened = openStationDb(dbPath, { readonly: true });
  if (!opened.ok) return opened;
  const sqlite = opened.value.sqlite;
  try {
    const ledger = new LedgerStore(sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
    const genesis = ledger.bySeq(1);
    if (!genesis || genesis.type !== 'station.initialised') return err('INPUT_INVALID', `${dbPath} has no station genesis entry: not a station database`);
    const g = genesis.payload as { stationId: string; name: string; site: string; timeZone: string; softwareVersion: string; mode?: string };
    const settings = new SettingsService(ledger).current();
    const changes = ledger.query({ types: ['settings.changed'], limit: 1_000_000 });
    const last = changes.at(-1) ?? null;
    const md = sqliteMasterDataReader(sqlite);
    const migrations = sqlite.prepare("select name from sqlite_master where type='table' and name='__drizzle_migrations'").get()
      ? (sqlite.prepare('select count(*) as n, max(created_at) as last from __drizzle_migrations').get() as { n: number; last: number | null })
      : { n: 0, last: null };
    const applied = migrations.n;
    // The tag of the newest migration applied to THIS database (an old file may lag the software).
    const lastTag = readJournal(DEFAULT_MIGRATIONS_FOLDER).entries.find((j) => j.when === migrations.last)?.tag ?? (applied > 0 ? 'unknown to this version' : null);
    const release = installedReleaseInfo();
    const sync = readSyncRecord(ledger);
    const head = ledger.head();
    const balances = settings.balances.map((b) => {
      const m = md.get('balance', b.id)?.data as { serialNumber?: string; model?: string } | undefined;
      return { id: b.id, label: b.label, protocol: b.protocol, port: b.port, serialNumber: m?.serialNumber ?? null, model: m?.model ?? null };
    });
    return ok({
      station: { stationId: g.stationId, name: g.name, site: g.site, timeZone: g.timeZone, mode: g.mode ?? 'production', createdAt: genesis.time, createdBy: g.softwareVersion },
      software: { running: release.appVersion, recordedAtCreation: g.softwareVersion, docsVersion: release.docsVersion, docsSha256: release.docsSha256 },
      schema: { applied, last: lastTag },
      configuration: { sha256: configurationHash(settings), lastChangeSeq: last?.seq ?? null, lastChangedAt: last?.time ?? null },
      devices: {
        balances,
        scanners: settings.scanners.map((s) => ({ id: s.id, kind: s.kind, port: s.port ?? null, usb: s.usb ?? null })),
        printers: settings.printers.map((p) => ({ id: p.id, kind: p.kind, address: p.address })),
      },
      hub: sync.enrolled
        ? { url: sync.enrolled.hubUrl, enrolledAtSeq: sync.enrolled.seq, countersignedEntries: sync.countersignedSize }
        : sync.requested
          ? { requested: sync.requested.hubUrl }
          : null,
      ledger: { entries: ledger.count(), headSeq: head?.seq ?? null, headHash: head?.hash ?? null },
      dataFlows: dataFlows(settings, sync.enrolled?.hubUrl ?? sync.requested?.hubUrl ?? null, balances),
    });
  } finally {
    opened.value.close();
  }
}

/** SHA-256 of the settings in force as RFC 8785 canonical JSON: equal settings, equal hash. */
export function configurationHash(settings: StationSettings): string {
  return createHash('sha256').update(canonicalize(settings) ?? '').digest('hex');
}

function dataFlows(settings: StationSettings, hubUrl: string | null, balances: StationDescription['devices']['balances']): DataFlow[] {
  const flows: DataFlow[] = [];
  for (const b of balances) flows.push({ from: `balance ${b.id}${b.serialNumber ? ` (serial ${b.serialNumber})` : ''}`, to: 'station', what: 'weight readings, identity', how: b.port === 'simulated' ? 'built-in simulator (training only)' : `serial ${b.protocol} on ${b.port}` });
  for (const s of settings.scanners) flows.push({ from: `scanner ${s.id}`, to: 'station', what: 'container and lot labels', how: s.kind === 'serial' ? `serial line ${s.port ?? '(no port)'}` : 'keyboard wedge (USB HID)' });
  for (const p of settings.printers) flows.push({ from: 'station', to: `printer ${p.id}`, what: 'container labels (ZPL)', how: p.kind === 'zpl-tcp' ? `raw TCP ${p.address}` : `serial ${p.address}` });
  if (hubUrl) {
    flows.push({ from: 'station', to: `hub ${hubUrl}`, what: 'ledger pages (every entry, signature and checkpoint)', how: 'HTTP(S), requests signed with the station certificate; countersigned answers' });
    flows.push({ from: `hub ${hubUrl}`, to: 'station', what: 'master data (lots, containers, balances, recipes, users), orders', how: 'HTTP(S) pull after a cursor, hub-signed answers' });
  }
  flows.push({ from: 'ERP (files)', to: 'station', what: 'orders (JSON, ISA-95 B2MML)', how: '`batchline order import`, all of a file or none' });
  flows.push({ from: 'station', to: 'operator screen', what: 'the station UI and API', how: '127.0.0.1 only (Electron IPC or the local web server)' });
  return flows;
}

export function renderDescription(d: StationDescription): string[] {
  const lines = [
    `station ${d.station.stationId} · ${d.station.name} · ${d.station.site} (${d.station.mode}, time zone ${d.station.timeZone}), created ${d.station.createdAt}`,
    `software ${d.software.running} (created by ${d.station.createdBy}); docs ${d.software.docsVersion ?? '-'} sha256 ${d.software.docsSha256 ?? '-'}`,
    `schema ${d.schema.applied} migrations applied, last ${d.schema.last ?? '-'}`,
    `configuration sha256 ${d.configuration.sha256}${d.configuration.lastChangeSeq ? ` (last changed at entry ${d.configuration.lastChangeSeq}, ${d.configuration.lastChangedAt})` : ' (defaults, never changed)'}`,
    `ledger ${d.ledger.entries} entries, head ${d.ledger.headSeq ?? '-'} ${d.ledger.headHash ?? ''}`.trimEnd(),
    `hub ${d.hub === null ? 'none (stand-alone)' : 'url' in d.hub ? `${d.hub.url} (enrolled at entry ${d.hub.enrolledAtSeq}, ${d.hub.countersignedEntries} entries countersigned)` : `${d.hub.requested} (enrolment requested, not approved)`}`,
    'devices:',
  ];
  for (const b of d.devices.balances) lines.push(`  balance ${b.id} "${b.label}" ${b.protocol} on ${b.port}, serial ${b.serialNumber ?? '(not in master data)'}${b.model ? `, ${b.model}` : ''}`);
  for (const s of d.devices.scanners) lines.push(`  scanner ${s.id} ${s.kind}${s.port ? ` on ${s.port}` : ''}${s.usb ? `, enrolled as USB ${s.usb.vendorId}:${s.usb.productId}${s.usb.serialNumber ? ` S/N ${s.usb.serialNumber}` : ''}` : s.kind === 'serial' ? ', enrolled by port only' : ''}`);
  for (const p of d.devices.printers) lines.push(`  printer ${p.id} ${p.kind} at ${p.address}`);
  lines.push('data flows:');
  for (const f of d.dataFlows) lines.push(`  ${f.from} → ${f.to}: ${f.what} (${f.how})`);
  return lines;
}

/** The data flows as a Mermaid flowchart (the generated data-flow diagram of Annex 11 §4.3). */
export function renderDiagram(d: StationDescription): string[] {
  const ids = new Map<string, string>();
  const node = (name: string) => {
    if (!ids.has(name)) ids.set(name, `n${ids.size + 1}`);
    return ids.get(name)!;
  };
  const q = (s: string) => s.replace(/"/g, "'");
  const edges = d.dataFlows.map((f) => `  ${node(f.from)} -->|"${q(f.what)}"| ${node(f.to)}`);
  return ['flowchart LR', ...[...ids.entries()].map(([name, id]) => `  ${id}["${q(name)}"]`), ...edges];
}
