/**
 * Port settings of one balance. Each has to match the balance's own interface menu exactly
 * (a wrong parity shows up as MT-SICS `ET` or as garbage), so they are data with a schema and
 * part of the device's configuration record. Defaults are the makers' factory settings.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceProtocol } from './balance-message.ts';

export const BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

export const SerialSettingsSchema = z.object({
  baudRate: z.union(BAUD_RATES.map((b) => z.literal(b)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]]),
  dataBits: z.union([z.literal(7), z.literal(8)]),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
  handshake: z.enum(['none', 'rts-cts', 'xon-xoff']),
  lineEnding: z.enum(['CRLF', 'CR', 'LF']),
});
export type SerialSettings = z.infer<typeof SerialSettingsSchema>;

const FACTORY: Record<BalanceProtocol, SerialSettings> = {
  // MT-SICS balances: 9600 8/N/1, Xon/Xoff, CR LF.
  'mt-sics': { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'xon-xoff', lineEnding: 'CRLF' },
  // Sartorius SBI: 9600 7/O/1, hardware handshake, CR LF (older models ship with 1200 baud).
  sbi: { baudRate: 9600, dataBits: 7, parity: 'odd', stopBits: 1, handshake: 'rts-cts', lineEnding: 'CRLF' },
  // A&D: 2400 7/E/1, no handshake, CR LF.
  and: { baudRate: 2400, dataBits: 7, parity: 'even', stopBits: 1, handshake: 'none', lineEnding: 'CRLF' },
  generic: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'none', lineEnding: 'CRLF' },
};

export function defaultSerialSettings(protocol: BalanceProtocol): SerialSettings {
  return { ...FACTORY[protocol] };
}

/** Merges user-given settings over the protocol's defaults and validates the result. */
export function resolveSerialSettings(protocol: BalanceProtocol, given: Partial<Record<keyof SerialSettings, unknown>>): Result<SerialSettings> {
  const merged: Record<string, unknown> = { ...FACTORY[protocol] };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) merged[k] = v;
  const parsed = SerialSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err('DEVICE_SETTINGS_INVALID', `serial setting ${issue?.path.join('.')}: ${issue?.message}`, { given });
  }
  return ok(parsed.data);
}

export function lineTerminator(settings: Pick<SerialSettings, 'lineEnding'>): string {
  return settings.lineEnding === 'CRLF' ? '\r\n' : settings.lineEnding === 'CR' ? '\r' : '\n';
}
