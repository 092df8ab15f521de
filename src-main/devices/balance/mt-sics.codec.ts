/**
 * Mettler-Toledo MT-SICS, level 0 and 1 (MT-SICS Reference Manual, "Command formats" and
 * "Response formats"). Every answer starts with the id of the command it answers, then a status
 * letter: `S S <value> <unit>` stable, `S D ...` dynamic (unstable), `x A` done, `x I` not
 * executable (busy, or no stability within the balance's own timeout), `x +`/`x -` above/below
 * range (for S: overload/underload; for Z/T: zero/tare range), `x L` logical error (bad
 * parameter). `ES`, `ET`, `EL` (syntax, transmission, logical) answer the last command without
 * naming it. Identification: `I2 A "<type> <capacity> <unit>"`, `I3 A "<software>"`,
 * `I4 A "<serial>"`; `@` (cancel) answers with I4.
 *
 * The weight value is right-aligned in a 10-character field with its sign next to the digits;
 * we do not insist on the column widths because balances of different generations pad
 * differently, only on the token order.
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { decimalsOf, mass } from '../../../src-shared/mass.ts';
import type { BalanceCodec, BalanceCommand, EncodedCommand } from './balance-codec.ts';
import {
  checkLine,
  weightFrom,
  type BalanceIdentity,
  type BalanceMessage,
  type BalanceStatus,
  type WeightRole,
} from './balance-message.ts';
import { textInfo, unsupported } from './codec-support.ts';

/** Answer ids carrying a weight, and which value of the weighing it is. */
const WEIGHT_IDS: Record<string, WeightRole> = { S: 'net', SU: 'net', T: 'tare', TI: 'tare', TA: 'tare' };
/** Answer ids whose `+`/`-` is the weighing range rather than a zero/tare range. */
const WEIGHING_IDS = new Set(['S', 'SU']);
const INFO_IDS = new Set(['I2', 'I3', 'I4']);
const ACK_IDS = new Set(['Z', 'ZI', 'TAC', '@']);

const LINE = /^([A-Z@][A-Z0-9]{0,4}) ([A-Z+\-])(?: (.*))?$/;

export function parseMtSicsLine(line: string): Result<BalanceMessage> {
  const checked = checkLine(line);
  if (!checked.ok) return checked;
  const raw = checked.value;
  const body = raw.trimEnd();
  if (body === 'ES' || body === 'ET' || body === 'EL') {
    const error = body === 'ES' ? 'syntax' : body === 'ET' ? 'transmission' : 'logical';
    return ok({ kind: 'device-error', command: null, error, deviceCode: body, raw });
  }
  const m = LINE.exec(body);
  if (!m) return err('BALANCE_LINE_MALFORMED', 'not an MT-SICS answer ("<id> <status> ...")', { raw });
  const id = m[1]!;
  const status = m[2]!;
  const rest = m[3] ?? '';
  const known = id in WEIGHT_IDS || INFO_IDS.has(id) || ACK_IDS.has(id);
  if (!known) return err('BALANCE_LINE_UNKNOWN_RESPONSE', `MT-SICS answer "${id}" is not one this driver sends`, { raw });

  if (status === 'I' || status === '+' || status === '-') {
    if (rest.trim() !== '') return err('BALANCE_LINE_MALFORMED', `"${id} ${status}" carries no value`, { raw });
    return ok({ kind: 'status', command: id, status: statusOf(id, status), raw });
  }
  if (status === 'L') {
    if (rest.trim() !== '') return err('BALANCE_LINE_MALFORMED', `"${id} L" carries no value`, { raw });
    return ok({ kind: 'device-error', command: id, error: 'logical', deviceCode: `${id} L`, raw });
  }
  const role = WEIGHT_IDS[id];
  if (role !== undefined) return weightAnswer(id, role, status, rest, raw);
  if (ACK_IDS.has(id)) {
    // ZI answers S (zeroed on a stable weight) or D (zeroed under dynamic conditions): the
    // manual tells them apart, so the acknowledgement says which; the others answer A.
    const okStatus = id === 'ZI' ? status === 'S' || status === 'D' : status === 'A';
    if (!okStatus || rest.trim() !== '') return err('BALANCE_LINE_MALFORMED', `unexpected "${id} ${status}"`, { raw });
    // "Z A": zero set with the stability criterion met, so not dynamic either.
    if (id === 'ZI' || id === 'Z') return ok({ kind: 'ack', command: id, dynamic: status === 'D', raw });
    return ok({ kind: 'ack', command: id, raw });
  }
  return infoAnswer(id, status, rest, raw);
}

function statusOf(id: string, status: string): BalanceStatus {
  if (status === 'I') return 'not-executable';
  if (WEIGHING_IDS.has(id)) return status === '+' ? 'overload' : 'underload';
  return status === '+' ? 'range-high' : 'range-low';
}

function weightAnswer(id: string, role: WeightRole, status: string, rest: string, raw: string): Result<BalanceMessage> {
  // TA answers A (the stored tare); T answers S; S, SU and TI answer S or D.
  const allowed = id === 'TA' ? ['A'] : id === 'T' ? ['S'] : ['S', 'D'];
  if (!allowed.includes(status)) return err('BALANCE_LINE_MALFORMED', `unexpected status "${status}" for ${id}`, { raw });
  // "<value> <unit>": the sign sits against the digits and the unit is always sent (MT-SICS
  // response format), so a value alone is a line without unit, never one in an assumed unit.
  const trimmed = rest.trim();
  const v = /^([+-]?\s*\S+)\s+(\S{1,5})$/.exec(trimmed);
  if (!v) {
    if (/^[+-]?[0-9.]+$/.test(trimmed)) return err('BALANCE_UNIT_MISSING', `"${trimmed}" carries no unit`, { raw });
    return err('BALANCE_NUMBER_INVALID', `"${trimmed}" is not "<value> <unit>"`, { raw });
  }
  return weightFrom({ command: id, role, stable: status !== 'D', signText: '', numberText: v[1]!, unitText: v[2]!, raw });
}

function infoAnswer(id: string, status: string, rest: string, raw: string): Result<BalanceMessage> {
  if (status !== 'A') return err('BALANCE_LINE_MALFORMED', `unexpected status "${status}" for ${id}`, { raw });
  const fields = [...rest.matchAll(/"([^"]*)"/g)].map((x) => x[1]!.trim());
  if (fields.length === 0 || rest.replace(/"[^"]*"/g, '').trim() !== '') {
    return err('BALANCE_LINE_MALFORMED', `${id} text must be quoted`, { raw });
  }
  const text = fields.join(' ').trim();
  let identity: BalanceIdentity;
  if (id === 'I2') identity = balanceData(text);
  else if (id === 'I3') identity = { software: text };
  else identity = { serialNumber: text };
  return ok({ kind: 'info', command: id, identity, raw });
}

/** I2 "<type> <capacity> <unit>": the capacity's decimals are the displayed resolution. */
function balanceData(text: string): BalanceIdentity {
  const m = /^(.*?)\s+(\d+(?:\.\d+)?)\s+(mg|g|kg)$/.exec(text);
  if (!m) return { model: text };
  const capacity = mass(m[2]!, m[3]!);
  const dp = decimalsOf(m[2]!);
  const readability = mass(dp === 0 ? '1' : `0.${'0'.repeat(dp - 1)}1`, m[3]!);
  if (!capacity.ok || !readability.ok) return { model: text };
  return { model: m[1]!.trim(), capacity: capacity.value, readability: readability.value };
}

export function encodeMtSics(command: BalanceCommand): Result<EncodedCommand> {
  const ids = (text: string, ...answerIds: string[]): Result<EncodedCommand> =>
    ok({ text, reply: { type: 'ids', ids: answerIds } });
  switch (command.type) {
    case 'reset':
      return ids('@', 'I4');
    case 'identify':
      if (command.item === 'balance-data') return ids('I2', 'I2');
      if (command.item === 'software') return ids('I3', 'I3');
      if (command.item === 'serial') return ids('I4', 'I4');
      return unsupported('mt-sics', command);
    case 'read-immediate':
      return ids('SI', 'S');
    case 'read-stable':
      return ids('S', 'S');
    case 'stream-start':
      // SIR answers with an endless series of "S S"/"S D" lines, delivered as stream readings.
      return ok({ text: 'SIR', reply: { type: 'none' } });
    case 'stream-stop':
      // Any single-value S command ends an SIR repeat (MT-SICS: "repeat ends with S, SI, @").
      return ids('SI', 'S');
    case 'tare':
      return ids('T', 'T');
    case 'tare-immediate':
      return ids('TI', 'TI');
    case 'tare-preset':
      return ids(`TA ${command.mass.amount} ${command.mass.unit}`, 'TA');
    case 'tare-query':
      return ids('TA', 'TA');
    case 'tare-clear':
      return ids('TAC', 'TAC');
    case 'zero':
      return ids('Z', 'Z');
    case 'zero-immediate':
      return ids('ZI', 'ZI');
  }
}

export function createMtSicsCodec(): BalanceCodec {
  return {
    protocol: 'mt-sics',
    identifyItems: ['balance-data', 'software', 'serial'],
    streamMode: 'command',
    parseLine: parseMtSicsLine,
    encode: encodeMtSics,
    parseText: (item, line) => textInfo(item, line, null),
  };
}
