/**
 * `batchline station describe` (Annex 11 §4.3 system description) on a fixture station: two
 * balances and a serial scanner in its settings, the demo master data, enrolled at an
 * in-process hub. What it prints must equal what the database holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { runCli } from '../fakes/cli-runner.ts';
import { unwrap } from '../../src-shared/result.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { demoMasterData, DEMO_BALANCES } from '../../src-main/demo/demo-master-data.ts';
import { readJournal, DEFAULT_MIGRATIONS_FOLDER } from '../../src-main/db/open-station-db.ts';
import type { StationDescription } from '../../src-cli/evidence/station-describe.ts';
import { SettingsService } from '../../src-main/core/settings/settings-service.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation } from '../hub/support/enrol.ts';
import { changeSetting } from '../fakes/change-setting.ts';

const SERIAL = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'none', lineEnding: 'CRLF' } as const;
let t: TestStation;
let hub: TestHub;
const serials = new Map<string, string>();

const cli = (...args: string[]) => runCli(['station', ...args]);

beforeAll(async () => {
  t = makeTestStation();
  hub = await startTestHub({ backend: 'pglite', clock: t.clock });
  const now = t.clock.now();
  unwrap(t.masterData.applyMasterData(demoMasterData(now), { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
  const settings = new SettingsService(t.ledger);
  for (const id of Object.values(DEMO_BALANCES)) serials.set(id, t.masterData.reader.get('balance', id)!.data.serialNumber);
  changeSetting(
      t,
      'balances',
      [
        { id: DEMO_BALANCES.analytical, label: 'XS205 analytical', protocol: 'mt-sics', port: '/dev/ttyUSB0', serial: SERIAL },
        { id: DEMO_BALANCES.precision, label: 'PR5002 precision', protocol: 'sbi', port: '/dev/ttyUSB1', serial: SERIAL },
      ],
      'line 1 commissioning',
      settings,
  );
  changeSetting(t, 'scanners', [{ id: 'SCAN-02', kind: 'serial', port: '/dev/ttyACM0', baudRate: 9600, usb: { vendorId: '05E0', productId: '1200' } }], 'serial scanner only (DI-14)', settings);
  await enrolStation(t, hub);
  t.close();
}, 120_000);

afterAll(async () => {
  await hub?.close();
  t?.cleanup();
});

describe('batchline station describe', () => {
  it('A11-06 lists 2 balances with their serial numbers, 1 scanner, the hub, the schema version and a configuration hash equal to the database', async () => {
    const r = await cli('describe', '--db', t.dbPath, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as StationDescription;
    const serialOf = (id: string) => serials.get(id);
    expect(d.devices.balances.map((b) => [b.id, b.port, b.serialNumber])).toEqual([
      [DEMO_BALANCES.analytical, '/dev/ttyUSB0', serialOf(DEMO_BALANCES.analytical)],
      [DEMO_BALANCES.precision, '/dev/ttyUSB1', serialOf(DEMO_BALANCES.precision)],
    ]);
    expect(d.devices.balances.every((b) => /\S/.test(b.serialNumber ?? ''))).toBe(true);
    expect(d.devices.scanners).toEqual([{ id: 'SCAN-02', kind: 'serial', port: '/dev/ttyACM0', usb: { vendorId: '05e0', productId: '1200' } }]);
    expect(d.hub).toMatchObject({ url: hub.url });
    const journal = readJournal(DEFAULT_MIGRATIONS_FOLDER).entries;
    expect(d.schema).toEqual({ applied: journal.length, last: journal.at(-1)!.tag });
    expect(d.software.running).toBe(SOFTWARE_VERSION);
    expect(d.station).toMatchObject({ stationId: 'ST-DEMO-01', site: 'Demo plant', timeZone: 'Asia/Shanghai', mode: 'production' });
    // The configuration hash is the canonical JSON of the settings in force; its version is the last change.
    const reopened = makeTestStation({ dir: t.dir, withUsers: false });
    try {
      expect(d.configuration.sha256).toBe(createHash('sha256').update(canonicalize(new SettingsService(reopened.ledger).current())!).digest('hex'));
      const lastChange = reopened.ledger.query({ types: ['settings.changed'], limit: 100 }).at(-1)!;
      expect(d.configuration.lastChangeSeq).toBe(lastChange.seq);
      expect(d.ledger.headSeq).toBe(reopened.ledger.head()!.seq);
    } finally {
      reopened.close();
    }
    expect(d.dataFlows.map((f) => `${f.from} → ${f.to}`)).toEqual(
      expect.arrayContaining([`balance ${DEMO_BALANCES.analytical} (serial ${serialOf(DEMO_BALANCES.analytical)}) → station`, 'scanner SCAN-02 → station', `station → hub ${hub.url}`, `hub ${hub.url} → station`]),
    );
  }, 60_000);

  it('A11-06 prints the same description as text and its data flows as a diagram, and refuses a file that is not a station database', async () => {
    const r = await cli('describe', '--db', t.dbPath);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`hub ${hub.url} (enrolled at entry`);
    expect(r.out).toMatch(new RegExp(`balance ${DEMO_BALANCES.precision} "PR5002 precision" sbi on /dev/ttyUSB1, serial \\S+`));
    expect(r.out).toContain('scanner SCAN-02 serial on /dev/ttyACM0, enrolled as USB 05e0:1200');
    const diagram = await cli('describe', '--db', t.dbPath, '--diagram');
    expect(diagram.out.split('\n')[0]).toBe('flowchart LR');
    expect(diagram.out).toMatch(/n\d+\["scanner SCAN-02"\]/);
    expect(diagram.out).toMatch(new RegExp(`n\\d+ -->\\|"ledger pages \\(every entry, signature and checkpoint\\)"\\| n\\d+`));
    expect((await cli('describe', '--db', `${t.dbPath}.missing`)).code).toBe(2);
    const notStation = await cli('describe', '--db', new URL('../../package.json', import.meta.url).pathname);
    expect(notStation.code).toBe(1);
  }, 60_000);
});
