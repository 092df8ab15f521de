/**
 * Serial barcode scanners at run time: each scan becomes a `scanner.scan` live event, the same
 * event a keyboard-wedge scan becomes inside the renderer, so screens handle one kind of scan.
 *
 * Only enrolled devices give GMP input (DI-14): a scanner enrolled with a USB identity is read
 * only while the port holds that device. Scans from another device on the port are not passed
 * on (no screen sees them) and each is handed to `refused`, which records it in the ledger.
 */
import type { ScannerSetting, UsbIdentitySetting } from '../../src-shared/settings/station-settings.ts';
import { SerialScanner } from '../devices/scanner/serial-scanner.ts';
import { isEnrolledDevice, osUsbIdentity, type UsbIdentify, type UsbIdentity } from '../devices/scanner/usb-identity.ts';
import type { LiveBus } from './live-bus.ts';

export interface RefusedScan {
  readonly deviceId: string;
  readonly port: string;
  readonly expected: UsbIdentitySetting;
  readonly found: UsbIdentity | null;
  readonly data: string;
}

export interface ScannerHubOptions {
  /** How the USB identity behind a port is read (default: the OS's serial port list). */
  readonly identify?: UsbIdentify;
  /** A scan from a device that is not the enrolled one (recorded by the runtime). */
  readonly refused?: (scan: RefusedScan) => void;
}

export class ScannerHub {
  private scanners: { scanner: SerialScanner; off: () => void }[] = [];
  private states = new Map<string, 'listening' | 'closed'>();

  constructor(
    private readonly bus: LiveBus,
    private readonly now: () => number,
    private readonly options: ScannerHubOptions = {},
  ) {}

  async apply(settings: ScannerSetting[]): Promise<string[]> {
    // Not listening from the moment new settings arrive until each port is open again.
    this.states.clear();
    await this.close();
    const problems: string[] = [];
    for (const s of settings) {
      if (s.kind !== 'serial' || !s.port) continue;
      const made = SerialScanner.create({ path: s.port, settings: s.baudRate ? { baudRate: s.baudRate } : {}, now: this.now });
      if (!made.ok) {
        problems.push(`${s.id}: ${made.error.message}`);
        continue;
      }
      const scanner = made.value;
      const enrolled = s.usb;
      // Read when the port opens and after every reconnect: a device swapped on the port is seen.
      let found: UsbIdentity | null = null;
      let trusted = enrolled === undefined;
      const identify = async () => {
        if (!enrolled) return;
        found = await (this.options.identify ?? osUsbIdentity)(s.port!).catch(() => null);
        trusted = isEnrolledDevice(enrolled, found);
      };
      const off = scanner.on((e) => {
        if (e.type === 'scan') {
          if (trusted) this.bus.publish({ type: 'scanner.scan', scannerId: s.id, data: e.scan.data });
          else if (enrolled) this.options.refused?.({ deviceId: s.id, port: s.port!, expected: enrolled, found, data: e.scan.data });
        }
        if (e.type === 'connected') void identify();
        if (e.type === 'connected') this.states.set(s.id, 'listening');
        if (e.type === 'disconnected') {
          this.states.set(s.id, 'closed');
          // Whatever is plugged in next is identified before its input counts.
          if (enrolled) trusted = false;
        }
      });
      this.scanners.push({ scanner, off });
      await identify();
      if (enrolled && !trusted) problems.push(`${s.id}: the device on ${s.port} is not the enrolled one (${describeUsb(found)}, enrolled ${describeUsb(enrolled)}): its input is ignored`);
      const opened = await scanner.open();
      this.states.set(s.id, opened.ok ? 'listening' : 'closed');
      if (!opened.ok) problems.push(`${s.id}: ${opened.error.message}`);
    }
    return problems;
  }

  state(id: string): 'listening' | 'closed' {
    return this.states.get(id) ?? 'closed';
  }

  async close(): Promise<void> {
    for (const { scanner, off } of this.scanners) {
      off();
      await scanner.close();
    }
    this.scanners = [];
  }
}

function describeUsb(u: { vendorId: string | null; productId: string | null; serialNumber?: string | null } | null): string {
  return u && u.vendorId ? `USB ${u.vendorId}:${u.productId}${u.serialNumber ? ` S/N ${u.serialNumber}` : ''}` : 'no USB identity';
}
