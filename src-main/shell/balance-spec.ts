/**
 * Quick-start balance flags for `batchline station`: `--balance [ID=]mt-sics:/dev/ttyUSB0[:9600]`
 * (repeatable; ID is the master-data balance id, default BAL-01, BAL-02…) and
 * `--simulated-balance`. They become ordinary balance settings for this run
 * only (the station's recorded settings are unchanged, and the device status screen says where
 * each balance came from).
 */
import { existsSync } from 'node:fs';
import { BALANCE_PROTOCOL_NAMES, SerialSettingsInput, type BalanceSetting, type SerialSettingsInput as Serial } from '../../src-shared/settings/station-settings.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { defaultSerialSettings } from '../devices/balance/serial-settings.ts';

export function parseBalanceSpec(spec: string, index: number): Result<BalanceSetting> {
  // An optional "BAL-A01=" names the master-data balance the port belongs to.
  const named = /^([A-Z0-9][A-Z0-9._-]{0,31})=(.*)$/.exec(spec);
  const id = named ? named[1]! : balanceId(index);
  const parts = (named ? named[2]! : spec).split(':');
  const protocol = parts[0] ?? '';
  if (!(BALANCE_PROTOCOL_NAMES as readonly string[]).includes(protocol)) {
    return err('INPUT_INVALID', `--balance ${spec}: the protocol must be one of ${BALANCE_PROTOCOL_NAMES.join(', ')}`);
  }
  let rest = parts.slice(1);
  let baud: number | undefined;
  // A last part that looks entirely like a number is the baud rate, and must be one in decimal
  // digits (FR-155, as every number on the command line, FR-138): `09600`, `0x2580`, `9.6e3`,
  // `+9600` or ` 9600` are refused, not read by a loose pattern or taken for part of the port's
  // name. A port name may itself hold colons (Linux `/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0`):
  // text after the protocol that names an existing path is the port, whole.
  if (rest.length > 1 && looksLikeNumber(rest.at(-1)!) && !existsSync(rest.join(':'))) {
    const text = rest.at(-1)!;
    if (!/^[1-9]\d{0,6}$/.test(text)) return err('INPUT_INVALID', `--balance ${spec}: the baud rate "${text}" is not a whole number in decimal digits`);
    baud = Number(text);
    rest = rest.slice(0, -1);
  }
  const port = rest.join(':');
  if (port.trim() === '') return err('INPUT_INVALID', `--balance ${spec}: name the port, e.g. mt-sics:/dev/ttyUSB0:9600`);
  const serial: Serial = { ...defaultSerialSettings(protocol as BalanceSetting['protocol']), ...(baud !== undefined ? { baudRate: baud } : {}) };
  const parsed = SerialSettingsInput.safeParse(serial);
  if (!parsed.success) return err('INPUT_INVALID', `--balance ${spec}: ${baud} is not a supported baud rate`);
  return ok({ id, label: `${protocol} ${port}`, protocol: protocol as BalanceSetting['protocol'], port, serial: parsed.data });
}

export function simulatedBalanceSetting(index: number): BalanceSetting {
  return { id: balanceId(index), label: 'Simulated MT-SICS balance', protocol: 'mt-sics', port: 'simulated', serial: defaultSerialSettings('mt-sics') };
}

/** Decimal, signed, fractional, exponent, hexadecimal/octal/binary: any spelling of a number. */
function looksLikeNumber(text: string): boolean {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text) || /^\s*[+-]?0(x[0-9a-f]+|o[0-7]+|b[01]+)\s*$/i.test(text);
}

function balanceId(index: number): string {
  return `BAL-${String(index + 1).padStart(2, '0')}`;
}
