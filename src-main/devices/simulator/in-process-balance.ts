/**
 * A simulated balance wired straight into a driver, no port at all: what the demo station uses
 * when no balance port is configured, and what fast driver tests use. Unplugging it ends the
 * driver's stream the way a vanished USB adapter does; the next open fails until plugged in.
 */
import { Duplex } from 'node:stream';
import { err, ok, unwrap, type Result } from '../../../src-shared/result.ts';
import { DuplexTransport } from '../balance/balance-transport.ts';
import { createBalanceCodec } from '../balance/create-codec.ts';
import { ProtocolBalanceDriver } from '../balance/protocol-balance-driver.ts';
import type { BalanceDriverOptions } from '../balance/balance-driver.ts';
import type { SimulatorFrontEnd } from './simulator-front-end.ts';
import { SimulatedBalance, type SimulatedBalanceConfig } from './simulated-balance.ts';
import { createFrontEnd, type CreateFrontEndOptions, type SimulatedProtocol } from './create-front-end.ts';

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

/**
 * The demo station's balance when no port is configured: a simulated balance speaking the
 * given protocol, wired in process to a real driver (same codec, same driver as on a cable).
 */
export function createInProcessBalance(
  protocol: SimulatedProtocol,
  config: Partial<SimulatedBalanceConfig> = {},
  driverOptions: Partial<BalanceDriverOptions> = {},
  frontEndOptions: CreateFrontEndOptions = {},
) {
  const balance = new SimulatedBalance(config);
  const frontEnd = createFrontEnd(protocol, balance, frontEndOptions);
  const line = new InProcessLine(frontEnd);
  const codec = unwrap(createBalanceCodec(protocol));
  const driver = new ProtocolBalanceDriver(codec, line.transport(), { lineEnding: 'CRLF' }, driverOptions);
  const dispose = async (): Promise<void> => {
    await driver.disconnect();
    frontEnd.dispose();
  };
  return { balance, line, driver, dispose };
}
