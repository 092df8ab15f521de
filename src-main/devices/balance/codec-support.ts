/** Small pieces the protocol codecs share. */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceCommand, IdentifyItem } from './balance-codec.ts';
import { checkLine, type BalanceIdentity, type BalanceProtocol, type InfoMessage } from './balance-message.ts';

export function unsupported(protocol: BalanceProtocol, command: BalanceCommand): Result<never> {
  return err('DEVICE_COMMAND_UNSUPPORTED', `the ${protocol} protocol has no "${command.type}" command`, {
    protocol,
    command: command.type,
  });
}

/** Puts one identification text into the field the query asked for. */
export function identityFor(item: IdentifyItem, text: string): BalanceIdentity {
  switch (item) {
    case 'model':
    case 'balance-data':
      return { model: text };
    case 'serial':
      return { serialNumber: text };
    case 'software':
      return { software: text };
    case 'balance-id':
      return { balanceId: text };
  }
}

/** A free-text identification line (SBI answers x1_/x2_/x3_ with bare text). */
export function textInfo(item: IdentifyItem, line: string, command: string | null): Result<InfoMessage> {
  const body = checkLine(line);
  if (!body.ok) return body;
  const text = body.value.trim();
  if (text.length > 64) return err('BALANCE_LINE_MALFORMED', 'identification text longer than 64 characters');
  return ok({ kind: 'info', command, identity: identityFor(item, text), raw: body.value });
}
