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

export function scriptedLine(answer: (command: string, reply: (text: string) => void) => void = () => undefined): ScriptedLine {
  let line: Duplex | null = null;
  const commands: string[] = [];
  const push = (text: string) => line?.push(Buffer.from(text, 'latin1'));
  const transport = new DuplexTransport(() => {
    let pending = '';
    line = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        pending += chunk.toString('latin1');
        let at = pending.indexOf('\r\n');
        while (at >= 0) {
          const command = pending.slice(0, at);
          pending = pending.slice(at + 2);
          commands.push(command);
          answer(command, push);
          at = pending.indexOf('\r\n');
        }
        done();
      },
    });
    return ok(line);
  });
  return { transport, commands, send: push };
}
