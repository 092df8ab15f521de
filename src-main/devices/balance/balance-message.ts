/**
 * What one line from a balance means, whatever the protocol. Codecs (one per protocol, no I/O)
 * turn a line into one of these or refuse it with a typed code; the driver pairs them with the
 * command it sent. `raw` is the line exactly as received (DI-04: the original is kept next to
 * the parsed value so an inspector can re-derive it).
 */
import { mass, type Mass } from '../../../src-shared/mass.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';

export const BALANCE_PROTOCOLS = ['mt-sics', 'sbi', 'and', 'generic'] as const;
export type BalanceProtocol = (typeof BALANCE_PROTOCOLS)[number];

/** Which value of the weighing a reading carries (SBI "N"/"G#"/"T", MT-SICS T/TA replies). */
export type WeightRole = 'net' | 'gross' | 'tare';

export interface WeightReading {
  readonly kind: 'weight';
  /** The command this line answers (MT-SICS id such as "S", "T", "TA"); null when unsolicited. */
  readonly command: string | null;
  readonly role: WeightRole;
  readonly stable: boolean;
  readonly mass: Mass;
  readonly sign: '+' | '-';
  readonly raw: string;
}

/**
 * A state the balance reports instead of a value. "overload"/"underload" are the weighing range
 * (MT-SICS `S +`/`S -`, A&D `OL`, SBI `H`/`L`); "range-high"/"range-low" are a zero or tare
 * refused outside its range (`Z +`, `T -`); "not-executable" is MT-SICS `x I` (busy, or no
 * stability within the balance's own timeout).
 */
export type BalanceStatus =
  | 'overload'
  | 'underload'
  | 'not-executable'
  | 'range-high'
  | 'range-low'
  | 'calibrating';

export interface StatusMessage {
  readonly kind: 'status';
  readonly command: string | null;
  readonly status: BalanceStatus;
  readonly raw: string;
}

/** A command was accepted (MT-SICS `Z A`, `TAC A`, `ZI S`/`ZI D`; A&D <AK>). */
export interface AckMessage {
  readonly kind: 'ack';
  readonly command: string | null;
  /**
   * Whether the balance did it under dynamic (not stable) conditions, where its protocol says
   * (MT-SICS `ZI D` zeroed while the weight moved, `ZI S` on a stable weight); absent where
   * the reply does not tell (A&D <AK>, MT-SICS `Z A`, which only zeroes when stable).
   */
  readonly dynamic?: boolean;
  readonly raw: string;
}

export interface BalanceIdentity {
  readonly model?: string;
  readonly serialNumber?: string;
  readonly software?: string;
  readonly capacity?: Mass;
  /** Inferred from the decimals the balance shows its capacity with (MT-SICS I2). */
  readonly readability?: Mass;
  readonly balanceId?: string;
}

/** An identification answer (MT-SICS I2/I3/I4 and `@`, A&D ?SN/?TN/?ID, SBI x1_/x2_/x3_). */
export interface InfoMessage {
  readonly kind: 'info';
  readonly command: string | null;
  readonly identity: BalanceIdentity;
  readonly raw: string;
}

/**
 * The balance says the command failed: MT-SICS ES (syntax: command unknown), ET (transmission:
 * parity or overflow), EL (logical: cannot execute with these parameters); A&D `EC,Ex`;
 * Sartorius `Stat ... Err ###`.
 */
export interface DeviceErrorMessage {
  readonly kind: 'device-error';
  readonly command: string | null;
  readonly error: 'syntax' | 'transmission' | 'logical' | 'device';
  readonly deviceCode: string;
  readonly raw: string;
}

export type BalanceMessage = WeightReading | StatusMessage | AckMessage | InfoMessage | DeviceErrorMessage;

/** Longest line any of our protocols sends; a longer one is noise (and is cut by the framer). */
export const MAX_LINE_CHARS = 256;

/** Common first checks: not empty, not too long, printable 8-bit text only. */
export function checkLine(line: string): Result<string> {
  if (line.length > MAX_LINE_CHARS) {
    return err('BALANCE_LINE_TOO_LONG', `line of ${line.length} characters (max ${MAX_LINE_CHARS})`);
  }
  const body = line.replace(/[\r\n]+$/, '');
  if (body.trim().length === 0) return err('BALANCE_LINE_EMPTY', 'empty line');
  // Printable ASCII plus Latin-1 letters (MT-SICS allows 32..255 in quoted text); control
  // characters other than the terminator are line noise.
  if (/[\x00-\x1f\x7f]/.test(body)) {
    return err('BALANCE_LINE_NOT_ASCII', 'line contains control characters', { raw: body });
  }
  return ok(body);
}

/**
 * Builds a weight reading from the pieces a protocol line has: an optional explicit sign, the
 * digits (with their own sign, leading and trailing blanks allowed) and a unit symbol.
 *
 * Two things are never guessed, because a guess is a wrong mass in the record:
 * - the unit: a line without one is refused (BALANCE_UNIT_MISSING). No codec carries a unit
 *   from configuration or from an earlier line; none of the four protocols' manuals defines
 *   a blank unit field as "the unit of the previous line" (SBI: "unit symbol or space");
 * - the digits: a blank inside the number is refused, not squeezed out ("+ 1 0 0.01 g" is a
 *   garbled line, not 100.01 g).
 */
export function weightFrom(args: {
  command: string | null;
  role: WeightRole;
  stable: boolean;
  signText: string;
  numberText: string;
  unitText: string;
  raw: string;
}): Result<WeightReading> {
  const unit = args.unitText.trim();
  if (unit === '') {
    return err('BALANCE_UNIT_MISSING', 'the line carries no unit; a mass is never read in an assumed unit', { raw: args.raw });
  }
  if (unit !== 'g' && unit !== 'mg' && unit !== 'kg') {
    return err('BALANCE_UNIT_UNSUPPORTED', `unit "${unit}" is not a mass unit this station weighs in`, {
      unit,
      raw: args.raw,
    });
  }
  const sign = args.signText.trim();
  // A sign may stand apart from its digits (MT-SICS pads between them on some generations);
  // the digits themselves never hold a blank.
  const num = args.numberText.trim().replace(/^([+-])\s+/, '$1');
  if (/\s/.test(num)) {
    return err('BALANCE_NUMBER_INVALID', `"${num}" has a blank inside the number`, { raw: args.raw, reason: 'blank-inside-number' });
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(num) || (sign !== '' && /^[+-]/.test(num)) || !/^[+-]?$/.test(sign)) {
    return err('BALANCE_NUMBER_INVALID', `"${num}" is not a weight value`, { raw: args.raw });
  }
  // "12." and ".5" occur on some displays; give them a canonical decimal form.
  let digits = num.replace(/^[+-]/, '');
  if (digits.endsWith('.')) digits = digits.slice(0, -1);
  if (digits.startsWith('.')) digits = '0' + digits;
  const negative = sign === '-' || num.startsWith('-');
  const m = mass((negative ? '-' : '') + digits, unit);
  if (!m.ok) return err('BALANCE_NUMBER_INVALID', m.error.message, { raw: args.raw });
  return ok({
    kind: 'weight',
    command: args.command,
    role: args.role,
    stable: args.stable,
    mass: m.value,
    sign: m.value.amount.startsWith('-') ? '-' : '+',
    raw: args.raw,
  });
}
