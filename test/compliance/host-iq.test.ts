/**
 * The host part of IQ (src-cli/qualify/iq-host.ts): data at rest (D25-06) and removable media
 * (DI-14), on a real station database and fixture /sys, /proc and /etc trees.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { hostChecks } from '../../src-cli/qualify/iq-host.ts';
import type { QualificationCheck } from '../../src-cli/qualify/qualification-check.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { hostFixture, type HostFixture } from '../fakes/host-fixture.ts';

let t: TestStation;
const fixtures: HostFixture[] = [];
const byId = (checks: QualificationCheck[], id: string) => checks.find((c) => c.id === id)!;

function host(opts: Parameters<typeof hostFixture>[1] = {}): HostFixture {
  const f = hostFixture(t.dbPath, opts);
  fixtures.push(f);
  return f;
}

beforeAll(() => {
  t = makeTestStation({ withUsers: false });
  t.close();
});
afterEach(() => {
  chmodSync(t.dbPath, 0o600);
});
afterAll(() => {
  for (const f of fixtures) f.cleanup();
  t.cleanup();
});

describe('IQ of the host around the database', () => {
  it('D25-06 the database and its secret file are mode 0600 and owned by the station account: IQ passes, and fails naming a group-readable file', () => {
    const ok = byId(hostChecks(t.dbPath, { root: host().root, platform: 'linux' }), 'IQ-16');
    expect(ok.outcome).toBe('pass');
    expect(ok.observed).toMatch(/^station\.db 0600 uid \d+/);
    chmodSync(t.dbPath, 0o640);
    const bad = byId(hostChecks(t.dbPath, { root: host().root, platform: 'linux' }), 'IQ-16');
    expect(bad.outcome).toBe('fail');
    expect(bad.observed).toBe(`WRONG: ${t.dbPath} is mode 0640`);
    chmodSync(t.dbPath, 0o600);
    const other = byId(hostChecks(t.dbPath, { root: host().root, platform: 'linux', uid: 4242 }), 'IQ-16');
    expect(other.outcome).toBe('fail');
    expect(other.observed).toContain(`${t.dbPath} is owned by uid`);
  });

  it('D25-06 disk encryption: LVM on LUKS under the database passes, a plain disk fails, an unseen device is not determinable', () => {
    const luks = byId(hostChecks(t.dbPath, { root: host().root, platform: 'linux' }), 'IQ-17');
    expect([luks.outcome, luks.observed]).toEqual(['pass', expect.stringMatching(/sits on dm-crypt luks-root$/)]);
    const plain = byId(hostChecks(t.dbPath, { root: host({ encrypted: false }).root, platform: 'linux' }), 'IQ-17');
    expect([plain.outcome, plain.observed]).toEqual(['fail', expect.stringContaining('no dm-crypt layer: NOT encrypted')]);
    const empty = host();
    empty.cleanup();
    const unseen = byId(hostChecks(t.dbPath, { root: empty.root, platform: 'linux' }), 'IQ-17');
    expect([unseen.outcome, unseen.observed]).toEqual(['n/a', expect.stringContaining('not determinable')]);
    expect(byId(hostChecks(t.dbPath, { platform: 'win32' }), 'IQ-17').outcome).toBe('n/a');
  });

  it('DI-14 USB mass storage: blocked and not loaded passes; no rule, or the driver loaded, fails; no /proc is not determinable', () => {
    const blocked = byId(hostChecks(t.dbPath, { root: host().root, platform: 'linux' }), 'IQ-18');
    expect(blocked).toMatchObject({ outcome: 'pass', observed: 'blocked by /etc/modprobe.d/gmp-usb.conf (install usb-storage /bin/false); the driver is not loaded' });
    const open = byId(hostChecks(t.dbPath, { root: host({ usbBlocked: false }).root, platform: 'linux' }), 'IQ-18');
    expect(open).toMatchObject({ outcome: 'fail', observed: 'no modprobe rule blocks usb-storage; the driver is not loaded' });
    const loaded = byId(hostChecks(t.dbPath, { root: host({ usbLoaded: true }).root, platform: 'linux' }), 'IQ-18');
    expect(loaded.outcome).toBe('fail');
    expect(loaded.observed).toContain('the driver is LOADED');
    const gone = host();
    gone.cleanup();
    expect(byId(hostChecks(t.dbPath, { root: gone.root, platform: 'linux' }), 'IQ-18')).toMatchObject({ outcome: 'n/a', observed: expect.stringContaining('not determinable') });
    expect(byId(hostChecks(t.dbPath, { platform: 'darwin' }), 'IQ-18').outcome).toBe('n/a');
  });
});
