/**
 * IQ of the line PC around the database (COMPLIANCE D25-06 data at rest, DI-14 removable
 * media): the database file (and its WAL, SHM and secret files) readable only by the station's
 * account, the disk under it encrypted, and USB mass storage disabled. Each is reported as
 * observed; what this run cannot read is "not determinable" (n/a), never a guess.
 *
 * Why no SQLCipher: the station ships plain SQLite (better-sqlite3); tampering is caught by the
 * hash chain, signed checkpoints and the hub's copy, keys are wrapped under passwords and the
 * station secret, and confidentiality at rest is the OS's full-disk encryption, checked here.
 *
 * `root` is the file-system root the host facts are read under (/ on the plant's machine; a
 * fixture tree in tests), so every branch runs against real files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { check, type QualificationCheck } from './qualification-check.ts';

export interface HostOptions {
  /** Where /proc, /sys and /etc are read (default /). */
  readonly root?: string;
  readonly platform?: NodeJS.Platform;
  /** The account the station runs as (default: the one running this qualification). */
  readonly uid?: number;
}

export function hostChecks(dbPath: string, opts: HostOptions = {}): QualificationCheck[] {
  const root = opts.root ?? '/';
  const platform = opts.platform ?? process.platform;
  return [fileModeCheck(dbPath, platform, opts.uid), diskEncryptionCheck(dbPath, root, platform), usbStorageCheck(root, platform)];
}

function fileModeCheck(dbPath: string, platform: NodeJS.Platform, uid = process.getuid?.()): QualificationCheck {
  const title = 'Database files readable only by the station account';
  const account = uid === undefined ? 'the station account' : `uid ${uid}${uid === process.getuid?.() ? ` (${userInfo().username})` : ''}`;
  const expected = `mode 0600, owner ${account}: the database, its -wal, -shm and .secret files`;
  if (platform === 'win32' || uid === undefined) return check('IQ', 'IQ-16', title, expected, `not determinable on ${platform}: POSIX modes do not apply; check the folder's ACL by hand`, 'n/a');
  const problems: string[] = [];
  const seen: string[] = [];
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}.secret`]) {
    if (!existsSync(path)) continue;
    const st = statSync(path);
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    seen.push(`${path.split('/').at(-1)} ${mode} uid ${st.uid}`);
    if ((st.mode & 0o077) !== 0) problems.push(`${path} is mode ${mode}`);
    if (st.uid !== uid) problems.push(`${path} is owned by uid ${st.uid}`);
  }
  return check('IQ', 'IQ-16', title, expected, problems.length === 0 ? seen.join('; ') : `WRONG: ${problems.join('; ')}`, problems.length === 0);
}

function diskEncryptionCheck(dbPath: string, root: string, platform: NodeJS.Platform): QualificationCheck {
  const title = 'Disk encryption under the database';
  const expected = 'the file system holding the database is on an encrypted block device (LUKS/dm-crypt; BitLocker or FileVault on other systems)';
  if (platform !== 'linux') return check('IQ', 'IQ-17', title, expected, `not determinable on ${platform} by this run: check BitLocker/FileVault by hand`, 'n/a');
  const dev = statSync(dbPath).dev;
  const id = `${major(dev)}:${minor(dev)}`;
  const sys = join(root, 'sys/dev/block', id);
  if (!existsSync(sys)) return check('IQ', 'IQ-17', title, expected, `not determinable: the database's file system (device ${id}) is not a block device this run can see (a container, overlay or network file system)`, 'n/a');
  const crypt = cryptLayer(sys, 0);
  return check('IQ', 'IQ-17', title, expected, crypt ? `device ${id} sits on ${crypt}` : `device ${id} has no dm-crypt layer: NOT encrypted`, crypt !== null);
}

/** The dm-crypt device under a block device, following device-mapper slaves (LVM on LUKS). */
function cryptLayer(sysDir: string, depth: number): string | null {
  if (depth > 8) return null;
  const uuidFile = join(sysDir, 'dm', 'uuid');
  if (existsSync(uuidFile) && readFileSync(uuidFile, 'utf8').trim().startsWith('CRYPT-')) {
    const nameFile = join(sysDir, 'dm', 'name');
    return `dm-crypt ${existsSync(nameFile) ? readFileSync(nameFile, 'utf8').trim() : ''}`.trim();
  }
  const slaves = join(sysDir, 'slaves');
  if (!existsSync(slaves)) return null;
  for (const s of readdirSync(slaves)) {
    const found = cryptLayer(join(slaves, s), depth + 1);
    if (found) return found;
  }
  return null;
}

function usbStorageCheck(root: string, platform: NodeJS.Platform): QualificationCheck {
  const title = 'USB mass storage disabled';
  const expected = 'the usb-storage driver is blocked (modprobe: install usb-storage /bin/false, or blacklist) and not loaded';
  if (platform !== 'linux') return check('IQ', 'IQ-18', title, expected, `not determinable on ${platform} by this run: check the device-installation policy by hand`, 'n/a');
  const modules = join(root, 'proc/modules');
  if (!existsSync(modules)) return check('IQ', 'IQ-18', title, expected, 'not determinable: /proc/modules cannot be read (a container or a restricted kernel)', 'n/a');
  const loaded = /^(usb_storage|uas) /m.test(readFileSync(modules, 'utf8'));
  const rule = blockingRule(join(root, 'etc/modprobe.d'));
  const observed = `${rule ? `blocked by ${rule}` : 'no modprobe rule blocks usb-storage'}; the driver is ${loaded ? 'LOADED' : 'not loaded'}`;
  return check('IQ', 'IQ-18', title, expected, observed, rule !== null && !loaded);
}

function blockingRule(dir: string): string | null {
  if (!existsSync(dir)) return null;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.conf')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    const m = /^\s*(install\s+usb[-_]storage\s+\/(?:usr\/)?bin\/(?:false|true)|blacklist\s+usb[-_]storage)\b/m.exec(text);
    if (m) return `/etc/modprobe.d/${f} (${m[1]!.replace(/\s+/g, ' ')})`;
  }
  return null;
}

// glibc's gnu_dev_major / gnu_dev_minor on the 64-bit dev_t Node reports.
export function major(dev: number): number {
  return Number(((BigInt(dev) >> 8n) & 0xfffn) | ((BigInt(dev) >> 32n) & ~0xfffn));
}
export function minor(dev: number): number {
  return Number((BigInt(dev) & 0xffn) | ((BigInt(dev) >> 12n) & ~0xffn));
}
