/**
 * A balance cable where the test plays the balance: `answer` gets each command the driver
 * writes, and `send` pushes a line the balance prints by itself (a stream, an auto print).
 */
import { Duplex } from 'node:stream';
import { DuplexTransport } from '../../src-main/devices/balance/balance-transport.ts';
import { ok } from '../../src-shared/result.ts';

export interface ScriptedLine {
  readonly transport: DuplexTransport;
  /** Commands the driver wrote, without their terminator. */
  readonly commands: string[];
  send(text: string): void;
}

/**
 * `holdMs` keeps a write pending that long before the port takes it (a balance holding CTS low,
 * a converter's full buffer).
 */
export function scriptedLine(
  answer: (command: string, reply: (text: string) => void) => void = () => undefined,
  holdMs: (text: string) => number = () => 0,
): ScriptedLine {
  let line: Duplex | null = null;
  const commands: string[] = [];
  const push = (text: string) => line?.push(Buffer.from(text, 'latin1'));
  const transport = new DuplexTransport(() => {
    let pending = '';
    const take = (text: string) => {
      pending += text;
      let at = pending.indexOf('\r\n');
      while (at >= 0) {
        const command = pending.slice(0, at);
        pending = pending.slice(at + 2);
        commands.push(command);
        answer(command, push);
        at = pending.indexOf('\r\n');
      }
    };
    line = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        const text = chunk.toString('latin1');
        const hold = holdMs(text);
        if (hold <= 0) {
          take(text);
          done();
          return;
        }
        setTimeout(() => {
          take(text);
          done();
        }, hold);
      },
    });
    return ok(line);
  });
  return { transport, commands, send: push };
}
