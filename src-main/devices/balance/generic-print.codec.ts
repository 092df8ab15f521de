/**
 * A configurable continuous-print parser for balances that speak none of the named protocols:
 * IT writes one regular expression with named parts for the line the balance prints:
 *   amount (required)  the digits, optionally with their own sign and decimal point
 *   sign               a separate polarity character (+, - or blank)
 *   unit               mg, g or kg. `defaultUnit` is the printer's fixed unit and applies only
 *                      when the pattern has no unit part at all; a pattern with a unit part
 *                      and a line that leaves it blank is refused (BALANCE_UNIT_MISSING), as
 *                      a unit is never assumed for a line whose format has a place for one
 *   status             a stability/range marker, read through the value lists below
 * Stability is never assumed: a reading is stable only when its status is in `stableStatus`,
 * or when IT declares `assumeStable` for a printer that only ever prints stable values
 * (DI-05: only stable readings may be accepted, so the default must be "not stable").
 *
 * Example (a printer that writes "ST    12.345 g" / "US    12.301 g" / "OL"):
 *   { pattern: "^(?<status>ST|US|OL)\\s*(?<amount>[-+]?[0-9.]+)?\\s*(?<unit>mg|g|kg)?$",
 *     stableStatus: ["ST"], overloadStatus: ["OL"] }
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { MASS_UNITS } from '../../../src-shared/mass.ts';
import type { BalanceCodec, BalanceCommand, EncodedCommand } from './balance-codec.ts';
import { checkLine, weightFrom, type BalanceMessage } from './balance-message.ts';
import { textInfo, unsupported } from './codec-support.ts';

export const GenericPrintConfigSchema = z.object({
  pattern: z.string().min(1).max(500),
  flags: z.string().regex(/^[imsu]*$/).optional(),
  stableStatus: z.array(z.string()).optional(),
  assumeStable: z.boolean().optional(),
  overloadStatus: z.array(z.string()).optional(),
  underloadStatus: z.array(z.string()).optional(),
  defaultUnit: z.enum(MASS_UNITS).optional(),
  /** Raw command strings for balances that accept a print or tare request. */
  commands: z
    .object({ print: z.string().optional(), tare: z.string().optional(), zero: z.string().optional() })
    .optional(),
});
export type GenericPrintConfig = z.infer<typeof GenericPrintConfigSchema>;

export function createGenericPrintCodec(input: unknown): Result<BalanceCodec> {
  const parsed = GenericPrintConfigSchema.safeParse(input);
  if (!parsed.success) {
    return err('BALANCE_PATTERN_INVALID', `generic print configuration invalid: ${parsed.error.issues[0]?.message}`);
  }
  const config = parsed.data;
  let re: RegExp;
  try {
    re = new RegExp(config.pattern, (config.flags ?? '').replace(/[gy]/g, ''));
  } catch (e) {
    return err('BALANCE_PATTERN_INVALID', `pattern does not compile: ${(e as Error).message}`);
  }
  if (!config.pattern.includes('(?<amount>')) {
    return err('BALANCE_PATTERN_INVALID', 'pattern needs a named part (?<amount>...)');
  }
  // Exactly one source of the unit: the line's own unit part, or the printer's fixed unit.
  const hasUnitPart = config.pattern.includes('(?<unit>');
  if (hasUnitPart === (config.defaultUnit !== undefined)) {
    return err(
      'BALANCE_PATTERN_INVALID',
      hasUnitPart
        ? 'defaultUnit is only for a printer whose lines have no unit; this pattern has a (?<unit>...) part'
        : 'pattern needs a named part (?<unit>...), or defaultUnit for a printer that never prints a unit',
    );
  }
  const parseLine = (line: string): Result<BalanceMessage> => parseGeneric(re, config, line);
  const encode = (command: BalanceCommand): Result<EncodedCommand> => {
    const c = config.commands ?? {};
    const next: EncodedCommand['reply'] = { type: 'next', kinds: ['weight', 'status', 'device-error'] };
    if (command.type === 'read-immediate' && c.print) return ok({ text: c.print, reply: next });
    if (command.type === 'tare' && c.tare) return ok({ text: c.tare, reply: { type: 'none' } });
    if (command.type === 'zero' && c.zero) return ok({ text: c.zero, reply: { type: 'none' } });
    return unsupported('generic', command);
  };
  return ok({
    protocol: 'generic',
    identifyItems: [],
    streamMode: config.commands?.print ? 'poll' : 'auto-print',
    parseLine,
    encode,
    parseText: (item, line) => textInfo(item, line, null),
  });
}

function parseGeneric(re: RegExp, config: GenericPrintConfig, line: string): Result<BalanceMessage> {
  const checked = checkLine(line);
  if (!checked.ok) return checked;
  const raw = checked.value;
  const m = re.exec(raw.trimEnd());
  if (!m) return err('BALANCE_LINE_MALFORMED', 'line does not match the configured pattern', { raw });
  const g = m.groups ?? {};
  const status = g['status']?.trim() ?? '';
  if (status !== '' && config.overloadStatus?.includes(status)) return ok({ kind: 'status', command: null, status: 'overload', raw });
  if (status !== '' && config.underloadStatus?.includes(status)) return ok({ kind: 'status', command: null, status: 'underload', raw });
  const amount = g['amount'];
  if (amount === undefined || amount.trim() === '') return err('BALANCE_NUMBER_INVALID', 'no amount in the line', { raw });
  const unitText = 'unit' in g ? (g['unit'] ?? '') : (config.defaultUnit ?? '');
  const stable = config.assumeStable === true || (config.stableStatus?.includes(status) ?? false);
  return weightFrom({ command: null, role: 'net', stable, signText: g['sign'] ?? '', numberText: amount, unitText, raw });
}
