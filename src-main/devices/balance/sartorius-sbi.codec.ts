/**
 * Sartorius SBI print format (Sartorius operating instructions, "Data output format"):
 * 16 characters `+ DDDDDDDD UUU` CR LF — position 1 sign (+, - or blank), 2 blank (or a digit
 * on 9-digit models), 3–10 the value with its decimal point and leading blanks, 11 blank,
 * 12–14 the unit — or 22 characters, the same preceded by a 6-character ID (`N` net, `G#`
 * gross, `T`/`T1`/`T2` tare). Columns 12–14 are "unit symbol or space": many balances print
 * the unit only once the value is stable. The manual gives a blank unit no meaning beyond
 * "not shown", so such a line is refused (BALANCE_UNIT_MISSING) rather than read in a unit
 * configured here or seen on an earlier line: after the operator switched the balance to kg,
 * an unstable "0.012" read in the configured g was a thousandfold error. Special codes use the
 * ID `Stat`: `H`/`HH` overload, `L`/`LL` underload, `C` adjustment, `Err ###` an error.
 * Non-verified digits may be bracketed (`123.5[6]`); the brackets are dropped.
 *
 * Commands (SBI "Format 1/2"): ESC P print, ESC T tare/zero key, ESC f3_ zero key,
 * ESC x1_/x2_/x3_ model, serial number, software version. SBI acknowledges nothing, and has no
 * tare preset, tare clear or stable-only print: those are refused as unsupported, and the
 * driver waits for stability by printing repeatedly.
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceCodec, BalanceCommand, EncodedCommand } from './balance-codec.ts';
import { checkLine, weightFrom, type BalanceMessage, type WeightRole } from './balance-message.ts';
import { textInfo, unsupported } from './codec-support.ts';

export interface SbiOptions {
  /** The balance prints by itself (menu "auto print"); otherwise the driver polls with ESC P. */
  readonly autoPrint: boolean;
}

export const DEFAULT_SBI_OPTIONS: SbiOptions = { autoPrint: true };

const ESC = '\x1b';
const ROLE_BY_ID: Record<string, WeightRole> = { N: 'net', N1: 'net', G: 'gross', 'G#': 'gross', T: 'tare', T1: 'tare', T2: 'tare' };

export function parseSbiLine(line: string): Result<BalanceMessage> {
  const checked = checkLine(line);
  if (!checked.ok) return checked;
  const raw = checked.value;
  const body = raw.trimEnd();
  if (body.startsWith('Stat')) return statusLine(body.slice(4), raw);
  if (body.length > 20) return err('BALANCE_LINE_MALFORMED', `SBI lines have 14 or 20 characters, got ${body.length}`, { raw });
  // A 16-character print has its sign in column 1; more than 14 characters means a 6-character ID.
  let role: WeightRole = 'net';
  let value = body;
  if (body.length > 14) {
    const id = body.slice(0, 6).trim();
    const r = ROLE_BY_ID[id];
    if (r === undefined) return err('BALANCE_LINE_UNKNOWN_RESPONSE', `SBI ID "${id}" is not a weight`, { raw });
    role = r;
    value = body.slice(6);
  }
  const special = value.trim();
  if (special === 'H' || special === 'HH' || special === 'High') return ok({ kind: 'status', command: null, status: 'overload', raw });
  if (special === 'L' || special === 'LL' || special === 'Low') return ok({ kind: 'status', command: null, status: 'underload', raw });
  const padded = value.padEnd(14, ' ');
  const signText = padded[0]!;
  if (signText !== '+' && signText !== '-' && signText !== ' ') {
    return err('BALANCE_LINE_MALFORMED', 'SBI column 1 must be +, - or blank', { raw });
  }
  // Brackets mark non-verified digits ("123.5[6]"); they are dropped, not turned into blanks.
  const numberText = padded.slice(1, 10).replace(/[[\]]/g, '');
  const gap = padded[10]!;
  const unitText = padded.slice(11, 14).trim();
  if (gap !== ' ' && gap !== ']') return err('BALANCE_LINE_MALFORMED', 'SBI column 11 must be blank', { raw });
  if (numberText.trim() === '') return err('BALANCE_NUMBER_INVALID', 'SBI line has no value', { raw });
  const stable = unitText !== '';
  return weightFrom({
    command: null,
    role,
    stable,
    signText: signText === ' ' ? '' : signText,
    numberText,
    unitText,
    raw,
  });
}

function statusLine(rest: string, raw: string): Result<BalanceMessage> {
  const text = rest.trim();
  const e = /^Err\s*(\d{1,3})$/i.exec(text);
  if (e) return ok({ kind: 'device-error', command: null, error: 'device', deviceCode: `Err ${e[1]}`, raw });
  if (text === 'H' || text === 'HH') return ok({ kind: 'status', command: null, status: 'overload', raw });
  if (text === 'L' || text === 'LL') return ok({ kind: 'status', command: null, status: 'underload', raw });
  if (text === 'C') return ok({ kind: 'status', command: null, status: 'calibrating', raw });
  return err('BALANCE_LINE_UNKNOWN_RESPONSE', `SBI status "${text}" is not known`, { raw });
}

export function encodeSbi(command: BalanceCommand): Result<EncodedCommand> {
  const print: EncodedCommand = { text: `${ESC}P`, reply: { type: 'next', kinds: ['weight', 'status', 'device-error'] } };
  switch (command.type) {
    case 'read-immediate':
      return ok(print);
    case 'tare':
      return ok({ text: `${ESC}T`, reply: { type: 'none' } });
    case 'zero':
      return ok({ text: `${ESC}f3_`, reply: { type: 'none' } });
    case 'identify': {
      const code = { model: 'x1_', serial: 'x2_', software: 'x3_' } as Record<string, string>;
      const c = code[command.item];
      if (c === undefined) return unsupported('sbi', command);
      return ok({ text: `${ESC}${c}`, reply: { type: 'text', item: command.item } });
    }
    default:
      return unsupported('sbi', command);
  }
}

export function createSbiCodec(options: SbiOptions = DEFAULT_SBI_OPTIONS): BalanceCodec {
  return {
    protocol: 'sbi',
    identifyItems: ['model', 'serial', 'software'],
    streamMode: options.autoPrint ? 'auto-print' : 'poll',
    parseLine: parseSbiLine,
    encode: encodeSbi,
    parseText: (item, line) => textInfo(item, line, null),
  };
}
