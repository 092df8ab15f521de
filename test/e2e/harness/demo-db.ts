/**
 * A demo station database made in-process, as `batchline demo` does, but with the tests'
 * cheap scrypt cost (hashes carry their own cost, so the station process later verifies them
 * at that cost): seconds instead of a minute. Afterwards the hub "sends" a new cleaning status
 * for booth 1 (the demo batch left it to be cleaned), so the second order can start.
 */
import { join } from 'node:path';
import { createStation } from '../../../src-main/compose.ts';
import { DEMO_IDENTITY, seedDemo } from '../../../src-main/demo/seed-demo.ts';
import { DEMO_BOOTH } from '../../../src-main/demo/demo-master-data.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { changeSetting } from '../../fakes/change-setting.ts';
import { TEST_SCRYPT_PARAMS } from '../../fakes/test-scrypt-params.ts';
import { keyPool } from '../../fakes/key-pool.ts';

export const E2E_SECRET = 'e2e-station-secret-0123456789';

export async function makeDemoDb(dir: string): Promise<string> {
  const dbPath = join(dir, 'station.db');
  const station = unwrap(createStation({ dbPath, stationSecret: E2E_SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: DEMO_IDENTITY, mode: 'training' }));
  try {
    await seedDemo(station);
    const now = new Date();
    const booth = station.masterData.reader.get('booth', DEMO_BOOTH)!;
    const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
    unwrap(
      station.masterData.applyMasterData(
        [{ kind: 'booth', key: DEMO_BOOTH, version: booth.version + 1, data: { ...booth.data, cleaning: { status: 'clean', cleanedAt: at(0), validUntil: at(70) }, lineClearance: { status: 'cleared', clearedAt: at(0), clearedBy: 'sup.wang' } } }],
        { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null },
      ),
    );
    // The browser under test delivers synthetic keys with more jitter than a USB scanner on a
    // line PC; sites set the wedge timing for their scanner and PC the same way. Playwright sends
    // each key as its own round trip to the browser, and the event's time is when the browser
    // took it, not when a scanner sent it: with the other test worker killing 100 children, gaps
    // past 150 ms turned a scan into "a person typing" (the order waited at need-container).
    changeSetting(station, 'scanners', [{ id: 'SCAN-01', kind: 'keyboard-wedge', maxInterKeyMs: 200 }], 'test PC: wedge key events arrive up to 200 ms apart (the most the settings allow)');
    return dbPath;
  } finally {
    station.close();
  }
}
