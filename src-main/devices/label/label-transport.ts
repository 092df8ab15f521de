/**
 * How label data reaches a printer: raw TCP to port 9100 (the de-facto "JetDirect" raw port of
 * network label printers) or a serial line. Both only move bytes; every failure is a typed
 * Result so the dispensing step can say "printer unreachable" instead of hanging.
 *
 * FR-139: every failure says whether any of the job may have reached the printer
 * (`details.delivered`): 'none' only when no byte can have left the station (the connection
 * was refused or never made, the serial port did not open), 'unknown' once sending began (a
 * timeout or reset after `end(data)`, a failed write or drain): such a print may have come out.
 */
import { Socket } from 'node:net';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { loadSerialPort } from '../serialport-module.ts';

/** FR-139: whether any of a failed job may have reached the printer. */
export type Delivered = 'none' | 'unknown';

export interface LabelTransport {
  readonly description: string;
  send(data: Buffer): Promise<Result<void>>;
}

export interface TcpPrinterOptions {
  readonly host: string;
  readonly port?: number;
  /** Whole exchange: connect, write, close. */
  readonly timeoutMs?: number;
  /** How long to wait for the printer to close after all data was sent. */
  readonly closeGraceMs?: number;
}

export class TcpLabelTransport implements LabelTransport {
  readonly description: string;
  private readonly host: string;
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly closeGraceMs: number;

  constructor(options: TcpPrinterOptions) {
    this.closeGraceMs = options.closeGraceMs ?? 1000;
    this.host = options.host;
    this.port = options.port ?? 9100;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.description = `tcp://${this.host}:${this.port}`;
  }

  send(data: Buffer): Promise<Result<void>> {
    return new Promise((resolve) => {
      const socket = new Socket();
      let settled = false;
      // FR-139: no byte of the job leaves before the connection is made.
      let delivered: Delivered = 'none';
      const finish = (r: Result<void>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(r);
      };
      const timer = setTimeout(
        () => finish(err('DEVICE_TIMEOUT', `printer ${this.description} did not take the label within ${this.timeoutMs} ms`, { printer: this.description, delivered })),
        this.timeoutMs,
      );
      socket.once('error', (e: NodeJS.ErrnoException) => {
        const code = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' ? 'DEVICE_DISCONNECTED' : 'DEVICE_WRITE_FAILED';
        finish(err(code, `printer ${this.description}: ${e.message}`, { printer: this.description, errno: e.code, delivered }));
      });
      socket.connect(this.port, this.host, () => {
        // end() sends the data and half-closes. Most printers then close their side; some keep
        // it open, so once everything is handed to the network stack a short grace suffices.
        delivered = 'unknown';
        socket.end(data);
      });
      socket.once('finish', () => setTimeout(() => finish(ok(undefined)), this.closeGraceMs).unref());
      socket.once('close', (hadError) => {
        if (!hadError) finish(ok(undefined));
      });
    });
  }
}

export interface SerialPrinterOptions {
  readonly path: string;
  readonly baudRate?: number;
  readonly dataBits?: 7 | 8;
  readonly parity?: 'none' | 'even' | 'odd';
  readonly stopBits?: 1 | 2;
  /** Zebra printers default to hardware (RTS/CTS) or XON/XOFF flow control. */
  readonly handshake?: 'none' | 'rts-cts' | 'xon-xoff';
  readonly timeoutMs?: number;
}

export class SerialLabelTransport implements LabelTransport {
  readonly description: string;
  constructor(private readonly options: SerialPrinterOptions) {
    this.description = `serial:${options.path}`;
  }

  async send(data: Buffer): Promise<Result<void>> {
    const o = this.options;
    const serialport = await loadSerialPort(o.path);
    if (!serialport.ok) return err(serialport.error.code, serialport.error.message, { printer: this.description, delivered: 'none' });
    const port = new serialport.value.SerialPort({
      path: o.path,
      baudRate: o.baudRate ?? 9600,
      dataBits: o.dataBits ?? 8,
      parity: o.parity ?? 'none',
      stopBits: o.stopBits ?? 1,
      rtscts: o.handshake === 'rts-cts',
      xon: o.handshake === 'xon-xoff',
      xoff: o.handshake === 'xon-xoff',
      autoOpen: false,
    });
    const timeoutMs = o.timeoutMs ?? 10_000;
    return new Promise((resolve) => {
      let settled = false;
      // FR-139: nothing reaches the printer before the port is open and the write begins.
      let delivered: Delivered = 'none';
      const finish = (r: Result<void>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (port.isOpen) port.close(() => resolve(r));
        else resolve(r);
      };
      // A printer holding CTS low (paper out, head open) blocks drain() forever.
      const timer = setTimeout(() => finish(err('DEVICE_TIMEOUT', `printer ${this.description} did not accept the label within ${timeoutMs} ms`, { printer: this.description, delivered })), timeoutMs);
      port.open((e) => {
        if (e) return finish(err('DEVICE_PORT_OPEN_FAILED', `${o.path}: ${e.message}`, { printer: this.description, delivered: 'none' }));
        delivered = 'unknown';
        port.write(data, (we) => {
          if (we) return finish(err('DEVICE_WRITE_FAILED', `${o.path}: ${we.message}`, { printer: this.description, delivered }));
          port.drain((de) => finish(de ? err('DEVICE_WRITE_FAILED', `${o.path}: ${de.message}`, { printer: this.description, delivered }) : ok(undefined)));
        });
      });
    });
  }
}
