/**
 * The contract every balance protocol fills: a pure codec (line in -> typed message or typed
 * refusal; command -> bytes plus how to recognise its reply). No I/O, no timers: the driver
 * owns timing, pairing and reconnects, so the codec can be fed recorded lines and fuzzed.
 */
import type { Mass } from '../../../src-shared/mass.ts';
import type { Result } from '../../../src-shared/result.ts';
import type { BalanceMessage, BalanceProtocol, InfoMessage } from './balance-message.ts';

export type IdentifyItem = 'balance-data' | 'model' | 'serial' | 'software' | 'balance-id';

export type BalanceCommand =
  | { readonly type: 'reset' }
  | { readonly type: 'identify'; readonly item: IdentifyItem }
  | { readonly type: 'read-immediate' }
  | { readonly type: 'read-stable' }
  | { readonly type: 'stream-start' }
  | { readonly type: 'stream-stop' }
  | { readonly type: 'tare' }
  | { readonly type: 'tare-immediate' }
  | { readonly type: 'tare-preset'; readonly mass: Mass }
  | { readonly type: 'tare-query' }
  | { readonly type: 'tare-clear' }
  | { readonly type: 'zero' }
  | { readonly type: 'zero-immediate' };

export type BalanceCommandType = BalanceCommand['type'];

/**
 * How the driver recognises the reply to a command:
 * - `ids`: the first message whose command id is one of these (MT-SICS answers name their
 *   command), or an unaddressed device error (MT-SICS ES/ET/EL answer the last command);
 * - `next`: the next message of one of these kinds (SBI and A&D data lines carry no id);
 * - `text`: the next line that is no protocol message, read by `parseText` (SBI x1_ model);
 * - `none`: the balance does not answer (SBI ESC T); the command is done once written.
 */
export type ReplyExpectation =
  | { readonly type: 'ids'; readonly ids: readonly string[] }
  | { readonly type: 'next'; readonly kinds: readonly BalanceMessage['kind'][] }
  | { readonly type: 'text'; readonly item: IdentifyItem }
  | { readonly type: 'none' };

export interface EncodedCommand {
  /** Command text without the line terminator (the port settings add it), latin1. */
  readonly text: string;
  readonly reply: ReplyExpectation;
}

/**
 * How a balance streams: `command` starts and stops a stream (MT-SICS SIR, A&D SIR / C);
 * `auto-print` means it prints by itself once configured on its menu (SBI auto print, generic
 * continuous printers); `poll` means the driver asks for one value at a steady rate.
 */
export type StreamMode = 'command' | 'auto-print' | 'poll';

export interface BalanceCodec {
  readonly protocol: BalanceProtocol;
  /** The identification queries this protocol has, in the order `identify` asks them. */
  readonly identifyItems: readonly IdentifyItem[];
  readonly streamMode: StreamMode;
  parseLine(line: string): Result<BalanceMessage>;
  /** Refuses with DEVICE_COMMAND_UNSUPPORTED what the protocol cannot do (SBI tare preset). */
  encode(command: BalanceCommand): Result<EncodedCommand>;
  /** Reads a free-text identification line (only for `text` replies). */
  parseText(item: IdentifyItem, line: string): Result<InfoMessage>;
}
