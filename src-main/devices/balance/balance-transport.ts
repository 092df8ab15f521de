/**
 * The byte pipe under a balance driver, kept behind a small interface (node-serialport's own
 * lesson: the port is a binding behind an interface) so that the same driver runs over a real
 * serial port, a socat pseudo-terminal, serialport's mock binding or an in-memory duplex.
 */
import type { Duplex } from 'node:stream';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { SerialSettings } from './serial-settings.ts';
import { loadSerialPort } from '../serialport-module.ts';

export interface TransportHandlers {
  data(chunk: Buffer): void;
  /** The pipe closed without `close()` being called: a pulled cable, a vanished USB adapter. */
  lost(reason: string): void;
}

export interface BalanceTransport {
  readonly description: string;
  open(handlers: TransportHandlers): Promise<Result<void>>;
  write(text: string): Promise<Result<void>>;
  close(): Promise<void>;
}

/** Whatever makes a SerialPort-like stream: the real port or serialport's SerialPortMock. */
export type PortFactory = (options: {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: SerialSettings['parity'];
  stopBits: 1 | 1.5 | 2;
  rtscts: boolean;
  xon: boolean;
  xoff: boolean;
  autoOpen: false;
}) => Duplex & { open(cb: (e: Error | null) => void): void; close(cb?: (e: Error | null) => void): void; isOpen: boolean };

/** Wraps any duplex byte stream, e.g. one end of an in-memory pair to a simulated balance. */
export class DuplexTransport implements BalanceTransport {
  private stream: Duplex | null = null;
  constructor(
    private readonly makeStream: () => Result<Duplex>,
    readonly description = 'in-memory',
  ) {}

  async open(handlers: TransportHandlers): Promise<Result<void>> {
    const made = this.makeStream();
    if (!made.ok) return made;
    const stream = made.value;
    this.stream = stream;
    stream.on('data', (chunk: Buffer | string) => handlers.data(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1')));
    const lost = (reason: string) => {
      if (this.stream !== stream) return;
      this.stream = null;
      handlers.lost(reason);
    };
    stream.on('close', () => lost('stream closed'));
    stream.on('end', () => lost('stream ended'));
    stream.on('error', (e: Error) => lost(e.message));
    return ok(undefined);
  }

  write(text: string): Promise<Result<void>> {
    const stream = this.stream;
    if (!stream || stream.destroyed) return Promise.resolve(err('DEVICE_NOT_CONNECTED', 'not connected'));
    return new Promise((resolve) => {
      stream.write(Buffer.from(text, 'latin1'), (e) => resolve(e ? err('DEVICE_WRITE_FAILED', e.message) : ok(undefined)));
    });
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    stream?.destroy();
  }
}

/** A serial port (or a pty) opened with the balance's settings. */
export class SerialPortTransport implements BalanceTransport {
  private port: ReturnType<PortFactory> | null = null;
  /** Moved on by every open and close: an open overtaken while it waited (the module's first load, the OS's open) closes its own port. */
  private turn = 0;
  readonly description: string;
  constructor(
    private readonly path: string,
    private readonly settings: SerialSettings,
    private readonly factory: PortFactory | null = null,
  ) {
    this.description = `${path} ${settings.baudRate} ${settings.dataBits}${settings.parity[0]!.toUpperCase()}${settings.stopBits}`;
  }

  async open(handlers: TransportHandlers): Promise<Result<void>> {
    const s = this.settings;
    const mine = ++this.turn;
    const overtaken = () => err('DEVICE_NOT_CONNECTED', `${this.path} was closed while it opened`, { path: this.path });
    // The real port's module loads here, at the first port opened (serialport-module.ts).
    let factory = this.factory;
    if (!factory) {
      const serialport = await loadSerialPort(this.path);
      if (!serialport.ok) return serialport;
      if (mine !== this.turn) return overtaken();
      factory = (options) => new serialport.value.SerialPort(options);
    }
    let port: ReturnType<PortFactory>;
    try {
      port = factory({
        path: this.path,
        baudRate: s.baudRate,
        dataBits: s.dataBits,
        parity: s.parity,
        stopBits: s.stopBits,
        rtscts: s.handshake === 'rts-cts',
        xon: s.handshake === 'xon-xoff',
        xoff: s.handshake === 'xon-xoff',
        autoOpen: false,
      });
    } catch (e) {
      return err('DEVICE_PORT_OPEN_FAILED', `${this.path}: ${(e as Error).message}`);
    }
    return new Promise((resolve) => {
      port.open((e) => {
        if (e) {
          resolve(err('DEVICE_PORT_OPEN_FAILED', `${this.path}: ${e.message}`, { path: this.path }));
          return;
        }
        if (mine !== this.turn) {
          // close() (or a newer open) came while the OS opened it: nobody holds this port.
          port.close(() => resolve(overtaken()));
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => handlers.data(chunk));
        // serialport emits 'close' with a DisconnectedError when the device goes away.
        port.on('close', () => {
          if (this.port !== port) return;
          this.port = null;
          handlers.lost('port closed');
        });
        port.on('error', () => undefined); // reported through 'close'
        resolve(ok(undefined));
      });
    });
  }

  write(text: string): Promise<Result<void>> {
    const port = this.port;
    if (!port || !port.isOpen) return Promise.resolve(err('DEVICE_NOT_CONNECTED', `${this.path} is not open`));
    return new Promise((resolve) => {
      port.write(Buffer.from(text, 'latin1'), (e) => resolve(e ? err('DEVICE_WRITE_FAILED', e.message) : ok(undefined)));
    });
  }

  close(): Promise<void> {
    this.turn++;
    const port = this.port;
    this.port = null;
    if (!port || !port.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
