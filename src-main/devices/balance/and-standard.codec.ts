/**
 * A&D standard format (A&D instruction manuals, "Data format / A&D standard format"):
 * `HH,SDDDDDDDD UUU` CR LF — a 2-character header (`ST` stable weight, `US` unstable, `QT`
 * stable count, `OL` out of range), a comma, 9 characters of data with the polarity sign and
 * leading zeros, and a 3-character right-aligned unit. Models with a comparator add a second
 * header (`ST,OK,+...`). Out of range is `OL,+9999999E+19` (or `OL,+999999.9  g`): the sign
 * tells overload from underload.
 *
 * Commands: Q (output now), S (one stable value), SIR (continuous), C (cancel), T (tare),
 * Z (zero), PT:<value> <unit> (preset tare), ?PT (tare query, answered `PT,...`), ?TN model,
 * ?SN serial, ?ID balance ID (answered `TN,...`, `SN,...`, `ID,...`). With the "AK, error code"
 * setting the balance answers a control command with <AK> (06h) and a failure with `EC,Ex`
 * (E0 communication, E1 undefined command, E2 not ready, E3 timeout, E4 excess characters,
 * E6 format, E7 parameter).
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceCodec, BalanceCommand, EncodedCommand } from './balance-codec.ts';
import { checkLine, weightFrom, type BalanceMessage, type DeviceErrorMessage } from './balance-message.ts';
import { identityFor, textInfo, unsupported } from './codec-support.ts';

export interface AndOptions {
  /** The balance answers control commands with <AK> (function table "AK, error code" on). */
  readonly acknowledge: boolean;
}

export const DEFAULT_AND_OPTIONS: AndOptions = { acknowledge: true };

const AK = '\x06';
const EC_KIND: Record<string, DeviceErrorMessage['error']> = {
  E0: 'transmission',
  E1: 'syntax',
  E2: 'logical',
  E3: 'transmission',
  E4: 'syntax',
  E6: 'syntax',
  E7: 'logical',
};

export function parseAndLine(line: string): Result<BalanceMessage> {
  if (line.replace(/[\r\n]+$/, '') === AK) return ok({ kind: 'ack', command: null, raw: AK });
  const checked = checkLine(line);
  if (!checked.ok) return checked;
  const raw = checked.value;
  const body = raw.trimEnd();
  const ec = /^EC,(E\d)$/.exec(body);
  if (ec) return ok({ kind: 'device-error', command: null, error: EC_KIND[ec[1]!] ?? 'device', deviceCode: ec[1]!, raw });
  const info = /^(TN|SN|ID),(.*)$/.exec(body);
  if (info) {
    const item = info[1] === 'TN' ? 'model' : info[1] === 'SN' ? 'serial' : 'balance-id';
    const text = info[2]!.trim();
    if (text === '') return err('BALANCE_LINE_MALFORMED', `${info[1]} answer is empty`, { raw });
    return ok({ kind: 'info', command: info[1]!, identity: identityFor(item, text), raw });
  }
  const m = /^(ST|US|QT|OL|PT),(?:(?:LO|OK|HI|--),)?(.{9})(.{0,3})$/.exec(body);
  if (!m) return err('BALANCE_LINE_MALFORMED', 'not an A&D standard format line ("ST,+0000.00  g")', { raw });
  const header = m[1]!;
  const data = m[2]!;
  const sign = data[0]!;
  if (sign !== '+' && sign !== '-') return err('BALANCE_NUMBER_INVALID', 'A&D data starts with its polarity sign', { raw });
  if (header === 'OL') {
    if (!/^[+-][0-9.E+ ]{8}$/.test(data)) return err('BALANCE_NUMBER_INVALID', 'A&D OL data is malformed', { raw });
    return ok({ kind: 'status', command: null, status: sign === '+' ? 'overload' : 'underload', raw });
  }
  return weightFrom({
    command: header === 'PT' ? 'PT' : null,
    role: header === 'PT' ? 'tare' : 'net',
    stable: header !== 'US',
    signText: sign,
    numberText: data.slice(1),
    unitText: m[3]!,
    raw,
  });
}

export function createAndCodec(options: AndOptions = DEFAULT_AND_OPTIONS): BalanceCodec {
  const control = (text: string): Result<EncodedCommand> =>
    ok({ text, reply: options.acknowledge ? { type: 'next', kinds: ['ack', 'device-error'] } : { type: 'none' } });
  const data: EncodedCommand['reply'] = { type: 'next', kinds: ['weight', 'status', 'device-error'] };
  const encode = (command: BalanceCommand): Result<EncodedCommand> => {
    switch (command.type) {
      case 'read-immediate':
        return ok({ text: 'Q', reply: data });
      case 'read-stable':
        return ok({ text: 'S', reply: data });
      case 'stream-start':
        return ok({ text: 'SIR', reply: { type: 'none' } });
      case 'stream-stop':
        return control('C');
      case 'tare':
        return control('T');
      case 'zero':
        return control('Z');
      case 'tare-preset': {
        // PT:+0010.00  g — sign, 8 data characters with leading zeros, 3-character unit.
        const a = command.mass.amount.replace(/^-/, '');
        const sign = command.mass.amount.startsWith('-') ? '-' : '+';
        if (a.length > 8) return err('INPUT_INVALID', 'preset tare has more than 8 characters for A&D', { amount: a });
        return control(`PT:${sign}${a.padStart(8, '0')}${command.mass.unit.padStart(3, ' ')}`);
      }
      case 'tare-query':
        return ok({ text: '?PT', reply: { type: 'ids', ids: ['PT'] } });
      case 'identify': {
        const q = { model: 'TN', serial: 'SN', 'balance-id': 'ID' } as Record<string, string>;
        const code = q[command.item];
        if (code === undefined) return unsupported('and', command);
        return ok({ text: `?${code}`, reply: { type: 'ids', ids: [code] } });
      }
      default:
        return unsupported('and', command);
    }
  };
  return {
    protocol: 'and',
    identifyItems: ['model', 'serial', 'balance-id'],
    streamMode: 'command',
    parseLine: parseAndLine,
    encode,
    parseText: (item, line) => textInfo(item, line, null),
  };
}
