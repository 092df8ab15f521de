/** Turns a balance's refusal (status or device error) into the typed error a command returns. */
import { err, type Result } from '../../../src-shared/result.ts';
import type { ReplyExpectation } from './balance-codec.ts';
import type { BalanceMessage, DeviceErrorMessage, StatusMessage } from './balance-message.ts';

export function refusal(message: StatusMessage | DeviceErrorMessage): Result<never> {
  const details = { raw: message.raw, command: message.command };
  if (message.kind === 'device-error') {
    switch (message.error) {
      case 'syntax':
        return err('BALANCE_SYNTAX_ERROR', `balance did not understand the command (${message.deviceCode})`, details);
      case 'transmission':
        return err('BALANCE_TRANSMISSION_ERROR', `balance reports a transmission error (${message.deviceCode}); check baud rate and parity`, details);
      case 'logical':
        return err('BALANCE_LOGICAL_ERROR', `balance cannot execute the command (${message.deviceCode})`, details);
      case 'device':
        return err('DEVICE_COMMAND_ERROR', `balance reports ${message.deviceCode}`, details);
    }
  }
  switch (message.status) {
    case 'overload':
      return err('BALANCE_OVERLOAD', 'balance is overloaded', details);
    case 'underload':
      return err('BALANCE_UNDERLOAD', 'balance is below its weighing range (underload)', details);
    case 'not-executable':
      return err('BALANCE_COMMAND_NOT_EXECUTABLE', 'balance cannot execute the command now (busy, or not stable in time)', details);
    case 'range-high':
    case 'range-low':
      return err('BALANCE_RANGE_EXCEEDED', `zero or tare range exceeded (${message.status === 'range-high' ? 'above' : 'below'})`, details);
    case 'calibrating':
      return err('DEVICE_BUSY', 'balance is adjusting', details);
  }
}

/** Does this message answer the command that is waiting for it? */
export function answers(expect: ReplyExpectation, message: BalanceMessage): boolean {
  switch (expect.type) {
    case 'ids':
      return (message.command !== null && expect.ids.includes(message.command)) || (message.kind === 'device-error' && message.command === null);
    case 'next':
      // A line that names its command (A&D `PT,...` to `?PT`) answers that command only: one
      // arriving late, after its own wait gave up, is never the reading a data command waits for.
      return expect.kinds.includes(message.kind) && message.command === null;
    case 'text':
    case 'none':
      return false;
  }
}
