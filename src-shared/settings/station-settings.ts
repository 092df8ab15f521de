/**
 * Station settings as data with a schema: the devices on this line PC and the local limits.
 * Each key is changed whole: an admin proposes it with a reason (`settings.proposed`), and it
 * takes effect only when a second person holding the approving role signs the proposal, as one
 * `settings.changed` ledger entry holding the old and the new value and the new configuration
 * version (Annex 11 §10 change control; COMPLIANCE.md A11-17).
 *
 * The serial fields mirror src-main/devices/balance/serial-settings.ts (the shared layer cannot
 * import the device layer); a test in src-main/api checks that the two accept the same values.
 */
import { z } from 'zod';

export const BALANCE_PROTOCOL_NAMES = ['mt-sics', 'sbi', 'and', 'generic'] as const;
export const SERIAL_BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const DeviceId = z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, 'an id such as BAL-01 (A–Z, 0–9, . _ -)');
const PortPath = z.string().trim().min(1).max(200);

export const SerialSettingsInput = z.object({
  baudRate: z.union(SERIAL_BAUD_RATES.map((b) => z.literal(b)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]]),
  dataBits: z.union([z.literal(7), z.literal(8)]),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
  handshake: z.enum(['none', 'rts-cts', 'xon-xoff']),
  lineEnding: z.enum(['CRLF', 'CR', 'LF']),
});
export type SerialSettingsInput = z.infer<typeof SerialSettingsInput>;

/** The port value that selects the built-in simulator: training stations only. */
export const SIMULATED_PORT = 'simulated';

export const BalanceSetting = z.object({
  id: DeviceId,
  label: z.string().trim().min(1).max(60),
  protocol: z.enum(BALANCE_PROTOCOL_NAMES),
  /** A serial device path (/dev/ttyUSB0, COM3), or "simulated" for the built-in simulator. */
  port: PortPath,
  serial: SerialSettingsInput,
});
export type BalanceSetting = z.infer<typeof BalanceSetting>;

const HexId = z.string().regex(/^[0-9a-fA-F]{4}$/, 'four hex digits, as lsusb shows them').transform((v) => v.toLowerCase());
export const UsbIdentitySetting = z.object({
  vendorId: HexId,
  productId: HexId,
  /** The device's own USB serial number, when it reports one: tells two scanners of one model apart. */
  serialNumber: z.string().trim().min(1).max(64).optional(),
});
export type UsbIdentitySetting = z.infer<typeof UsbIdentitySetting>;

export const ScannerSetting = z.object({
  id: DeviceId,
  /** Keyboard-wedge scanners type into the UI (the burst detector tells them from typing); serial ones are read by the station. */
  kind: z.enum(['keyboard-wedge', 'serial']),
  port: PortPath.optional(),
  baudRate: z.union(SERIAL_BAUD_RATES.map((b) => z.literal(b)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]]).optional(),
  /** Keyboard wedge: longest gap between the keystrokes of one scan (scanner and PC dependent). */
  maxInterKeyMs: z.number().int().min(10).max(200).optional(),
  /**
   * Serial scanners: the USB identity the scanner is enrolled with (DI-14). Input from any other
   * device found on the port is ignored and recorded as `device.input_refused` until an admin
   * enrols it. Without it the scanner is enrolled by its port alone.
   */
  usb: UsbIdentitySetting.optional(),
});
export type ScannerSetting = z.infer<typeof ScannerSetting>;

export const PrinterSetting = z.object({
  id: DeviceId,
  /** ZPL label printers on a raw TCP port (9100) or a serial line. */
  kind: z.enum(['zpl-tcp', 'zpl-serial']),
  address: z.string().trim().min(1).max(200),
  labelWidthMm: z.number().int().min(20).max(200),
  labelHeightMm: z.number().int().min(10).max(300),
  /**
   * FR-145: whether the station asks the printer for its host status (`~HS`) after each job.
   * Absent or 'host-status': asked; a printer that answers counts as printed only when idle with
   * no fault, one that never answers counts as sent (printed, unconfirmed) once the bound passed.
   * 'none': a printer that gives no status (not a Zebra, a ZPL emulation, a raw sink) is not asked
   * and counts as sent as soon as the link accepted the job.
   */
  statusCheck: z.enum(['host-status', 'none']).optional(),
});
export type PrinterSetting = z.infer<typeof PrinterSetting>;

export const LimitSettings = z.object({
  /** Minutes without operator activity after which the screen locks (never above the password policy's limit). */
  idleLockMinutes: z.number().int().min(1).max(60),
  /** Master data (lot status, recipes) older than this blocks dispensing until a supervisor overrides. */
  masterDataMaxAgeHours: z.number().int().min(1).max(24 * 14),
  /** How long the station waits for a stable reading before it tells the operator. */
  stableTimeoutSeconds: z.number().int().min(2).max(120),
  /**
   * P11-30 / FR-102: the hub CA's revocation list older than this (from its signed thisUpdate)
   * raises an alarm and refuses signatures with hub-issued certificates (default 168 h = 7 days).
   * Optional: settings recorded before it existed stay valid.
   */
  revocationListMaxAgeHours: z.number().int().min(1).max(24 * 90).optional(),
});
export type LimitSettings = z.infer<typeof LimitSettings>;

/**
 * Trusted time (A11-22): how far the station clock may differ from the hub's before the station
 * enters "time not trusted", and what then happens to GMP work: "block" (the default, the safer
 * choice per COMPLIANCE.md §8.1) or "flag" (recorded, and shown to QA in review by exception).
 */
export const TimeSettings = z.object({
  maxDriftSeconds: z.number().int().min(1).max(3600),
  untrustedPolicy: z.enum(['block', 'flag']),
});
export type TimeSettings = z.infer<typeof TimeSettings>;

export const DisplaySettings = z.object({
  defaultLocale: z.enum(['en', 'zh-CN']),
});

/**
 * D25-03: a second factor at every signature. "totp": the password AND a one-time code from the
 * signer's enrolled authenticator (RFC 6238); "off": the password alone (21 CFR 11.200(a)).
 */
export const SigningSettings = z.object({
  mfa: z.enum(['off', 'totp']),
});
export type SigningSettings = z.infer<typeof SigningSettings>;

/**
 * Accounts (Annex 11 §12, DI-11): an account without a login for `dormantDays` is disabled by
 * the station itself (recorded, actor none); an admin re-enables it with a reason.
 */
export const AccountSettings = z.object({
  dormantDays: z.number().int().min(7).max(3650),
});
export type AccountSettings = z.infer<typeof AccountSettings>;

/**
 * The station's own subscription to the plant's MQTT broker (issue 13 item 1), so that a station
 * cut off from the hub still blocks a step in a room at the action level. Absent: no
 * subscription (the station takes its rooms' state from the hub only). Secrets never enter the
 * ledger: the password and the TLS key are read from files on the station at start.
 */
export const EnvironmentFeedSetting = z.object({
  url: z
    .string()
    .trim()
    .max(300)
    .regex(/^(mqtts?|wss?):\/\/[^\s@]+$/, 'mqtt://, mqtts://, ws:// or wss://host:port, without credentials'),
  /** Rooms to follow; default: the rooms of this station's booths (master data). */
  rooms: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)).max(20).optional(),
  /** Topic root (default batchline/env): topics are <root>/<room>/<quantity>. */
  root: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/).max(100).optional(),
  /** The persistent session's id (default batchline-station-<station id>). */
  clientId: z.string().trim().min(1).max(64).optional(),
  username: z.string().max(100).optional(),
  passwordFile: z.string().max(500).optional(),
  tls: z
    .object({
      caFile: z.string().max(500).optional(),
      certFile: z.string().max(500).optional(),
      keyFile: z.string().max(500).optional(),
      rejectUnauthorized: z.boolean().optional(),
    })
    .optional(),
  reconnectSeconds: z.number().int().min(1).max(300).optional(),
});
export type EnvironmentFeedSetting = z.infer<typeof EnvironmentFeedSetting>;

export const StationSettings = z.object({
  balances: z.array(BalanceSetting).max(8),
  scanners: z.array(ScannerSetting).max(4),
  printers: z.array(PrinterSetting).max(4),
  limits: LimitSettings,
  time: TimeSettings,
  display: DisplaySettings,
  signing: SigningSettings,
  accounts: AccountSettings,
  /** Optional, so the configuration version of a station without it is what it was. */
  environmentFeed: EnvironmentFeedSetting.optional(),
});
export type StationSettings = z.infer<typeof StationSettings>;
export type SettingsKey = keyof StationSettings;
export const SETTINGS_KEYS = Object.keys(StationSettings.shape) as SettingsKey[];

export const DEFAULT_STATION_SETTINGS: StationSettings = {
  balances: [],
  scanners: [{ id: 'SCAN-01', kind: 'keyboard-wedge' }],
  printers: [],
  limits: { idleLockMinutes: 10, masterDataMaxAgeHours: 24, stableTimeoutSeconds: 10 },
  time: { maxDriftSeconds: 60, untrustedPolicy: 'block' },
  display: { defaultLocale: 'en' },
  signing: { mfa: 'off' },
  accounts: { dormantDays: 180 },
};

/** Checks the value of one key, including rules across items (unique device ids). */
export function parseSettingValue(key: SettingsKey, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const parsed = StationSettings.shape[key].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${[key, ...(issue?.path ?? [])].join('.')}: ${issue?.message ?? 'invalid'}` };
  }
  if (Array.isArray(parsed.data)) {
    const ids = (parsed.data as { id: string }[]).map((d) => d.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) return { ok: false, message: `${key}: the id ${dup} is used twice` };
  }
  return { ok: true, value: parsed.data };
}
