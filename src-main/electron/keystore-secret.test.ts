/** The station secret under Electron lives in the OS keystore (a fake safeStorage here), never as plain text. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keystoreStationSecret, type SafeStorage } from './keystore-secret.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchline-keystore-'));
afterEach(() => undefined);

// Reversible, but visibly not the plain text: stands in for DPAPI / Keychain / libsecret.
const fake = (available: boolean): SafeStorage => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
});

describe('station secret in the OS keystore', () => {
  it('keeps the secret encrypted by safeStorage in a 0600 file and reads the same one back', () => {
    const db = join(dir, 'station.db');
    const secret = keystoreStationSecret(fake(true), db, {});
    expect(keystoreStationSecret(fake(true), db, {})).toBe(secret);
    const onDisk = readFileSync(`${db}.secret.enc`);
    expect(onDisk.toString()).not.toContain(secret);
    expect((statSync(`${db}.secret.enc`).mode & 0o777).toString(8)).toBe('600');
    expect(existsSync(`${db}.secret`)).toBe(false);
  });

  it('falls back to the 0600 file when no keystore is available', () => {
    const db = join(dir, 'other.db');
    keystoreStationSecret(fake(false), db, {});
    expect((statSync(`${db}.secret`).mode & 0o777).toString(8)).toBe('600');
    expect(existsSync(`${db}.secret.enc`)).toBe(false);
  });

  it('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
