/**
 * A simulated balance on a serial port or a pty (one end of a socat pair): the front-end's
 * bytes go to the port, the port's bytes to the front-end. When the port vanishes (socat
 * killed) it keeps trying to reopen it, as a balance does when its cable is plugged back.
 */
import { SerialPort } from 'serialport';
import type { SimulatorFrontEnd } from './simulator-front-end.ts';

export interface PortSimulatorEvents {
  ready(path: string): void;
  lost(path: string): void;
}

export class PortSimulator {
  private port: SerialPort | null = null;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly frontEnd: SimulatorFrontEnd,
    private readonly path: string,
    private readonly baudRate: number,
    private readonly events: PortSimulatorEvents,
    private readonly retryMs = 200,
  ) {}

  start(): void {
    if (this.stopped) return;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, lock: false });
    port.open((e) => {
      if (e) return this.scheduleRetry();
      this.port = port;
      this.frontEnd.output = (text) => {
        if (port.isOpen) port.write(Buffer.from(text, 'latin1'));
      };
      port.on('data', (chunk: Buffer) => this.frontEnd.receive(chunk));
      port.on('error', () => undefined);
      port.on('close', () => {
        if (this.port !== port) return;
        this.port = null;
        this.frontEnd.output = null;
        this.events.lost(this.path);
        this.scheduleRetry();
      });
      this.events.ready(this.path);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.frontEnd.dispose();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => this.start(), this.retryMs);
  }
}
