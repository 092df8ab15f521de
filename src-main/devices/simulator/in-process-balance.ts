/**
 * A simulated balance wired straight into a driver, no port at all: what the demo station uses
 * when no balance port is configured, and what fast driver tests use. Unplugging it ends the
 * driver's stream the way a vanished USB adapter does; the next open fails until plugged in.
 */
import { Duplex } from 'node:stream';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { DuplexTransport } from '../balance/balance-transport.ts';
import type { SimulatorFrontEnd } from './simulator-front-end.ts';

export class InProcessLine {
  private current: Duplex | null = null;
  constructor(readonly frontEnd: SimulatorFrontEnd) {}

  transport(): DuplexTransport {
    return new DuplexTransport(() => this.open(), 'in-process simulated balance');
  }

  /** Pulls the cable: the open line ends and new opens fail until `plug()`. */
  unplug(): void {
    this.frontEnd.balance.unplugged = true;
    const line = this.current;
    this.current = null;
    this.frontEnd.output = null;
    line?.destroy();
  }

  plug(): void {
    this.frontEnd.balance.unplugged = false;
  }

  private open(): Result<Duplex> {
    if (this.frontEnd.balance.unplugged) return err('DEVICE_PORT_OPEN_FAILED', 'simulated balance is unplugged');
    const frontEnd = this.frontEnd;
    const line = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, done) {
        frontEnd.receive(chunk);
        done();
      },
    });
    this.current?.destroy();
    this.current = line;
    frontEnd.output = (text) => {
      if (!line.destroyed) line.push(Buffer.from(text, 'latin1'));
    };
    return ok(line);
  }
}
