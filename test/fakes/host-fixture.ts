/**
 * A fixture file-system root for the host IQ checks (src-cli/qualify/iq-host.ts): /sys, /proc
 * and /etc/modprobe.d as a hardened line PC has them, for the block device that really holds
 * the given database file — so the checks read real files, and a test says which are there.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { major, minor } from '../../src-cli/qualify/iq-host.ts';

export interface HostFixture {
  root: string;
  /** The block-device folder of the database's file system under root/sys/dev/block. */
  device: string;
  cleanup(): void;
}

export function hostFixture(dbPath: string, opts: { encrypted?: boolean; usbBlocked?: boolean; usbLoaded?: boolean } = {}): HostFixture {
  const root = mkdtempSync(join(tmpdir(), 'batchline-host-'));
  const dev = statSync(dbPath).dev;
  const device = join(root, 'sys/dev/block', `${major(dev)}:${minor(dev)}`);
  mkdirSync(device, { recursive: true });
  if (opts.encrypted ?? true) {
    // LVM on LUKS: the file system's device is an LVM volume whose slave is the dm-crypt device.
    mkdirSync(join(device, 'dm'), { recursive: true });
    writeFileSync(join(device, 'dm/uuid'), 'LVM-abcdef\n');
    const crypt = join(device, 'slaves/dm-0');
    mkdirSync(join(crypt, 'dm'), { recursive: true });
    writeFileSync(join(crypt, 'dm/uuid'), 'CRYPT-LUKS2-0123456789abcdef-luks\n');
    writeFileSync(join(crypt, 'dm/name'), 'luks-root\n');
  }
  mkdirSync(join(root, 'proc'), { recursive: true });
  writeFileSync(join(root, 'proc/modules'), `ext4 1003520 1 - Live 0x0000000000000000\n${opts.usbLoaded ? 'usb_storage 86016 0 - Live 0x0000000000000000\n' : ''}`);
  mkdirSync(join(root, 'etc/modprobe.d'), { recursive: true });
  if (opts.usbBlocked ?? true) writeFileSync(join(root, 'etc/modprobe.d/gmp-usb.conf'), '# site policy SOP-IT-07\ninstall usb-storage /bin/false\n');
  return { root, device, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
