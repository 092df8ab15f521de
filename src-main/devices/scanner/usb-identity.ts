/**
 * The USB identity behind a serial port (DI-14: only enrolled devices give GMP input): vendor
 * and product id and the device's own serial number, as the OS reports them for the port.
 */
import { realpathSync } from 'node:fs';
import { loadSerialPort } from '../serialport-module.ts';
import type { UsbIdentitySetting } from '../../../src-shared/settings/station-settings.ts';

export interface UsbIdentity {
  readonly vendorId: string | null;
  readonly productId: string | null;
  readonly serialNumber: string | null;
}

export type UsbIdentify = (path: string) => Promise<UsbIdentity | null>;

/** What the OS lists for the port (symlinks such as /dev/serial/by-id/… resolved); null when it lists nothing. */
export const osUsbIdentity: UsbIdentify = async (path) => {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // a missing port has no identity; the list below will not name it either
  }
  const serialport = await loadSerialPort(path);
  const ports = serialport.ok ? await serialport.value.SerialPort.list().catch(() => []) : [];
  const port = ports.find((p) => p.path === path || p.path === real);
  if (!port || (!port.vendorId && !port.productId)) return null;
  return { vendorId: port.vendorId?.toLowerCase() ?? null, productId: port.productId?.toLowerCase() ?? null, serialNumber: port.serialNumber ?? null };
};

/** The device found is the enrolled one: same vendor and product, and the same serial number when one was enrolled. */
export function isEnrolledDevice(enrolled: UsbIdentitySetting, found: UsbIdentity | null): boolean {
  if (!found) return false;
  if (found.vendorId !== enrolled.vendorId || found.productId !== enrolled.productId) return false;
  return enrolled.serialNumber === undefined || found.serialNumber === enrolled.serialNumber;
}
