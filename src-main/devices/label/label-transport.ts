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
import { HOST_STATUS_QUERY, hostStatusFrames, hostStatusIdle, parseHostStatus, type HostStatus } from './zpl-host-status.ts';

/** FR-139: whether any of a failed job may have reached the printer. */
export type Delivered = 'none' | 'unknown';

export interface LabelTransport {
  readonly description: string;
  send(data: Buffer): Promise<Result<void>>;
}

export interface TcpPrinterOptions {
  readonly host: string;
  readonly port?: number;
  /** Connecting and handing the job over. */
  readonly timeoutMs?: number;
  /**
   * FR-145: how long the printer has, after the job, to answer `~HS` with no fault and nothing
   * of the job left queued. Past it the outcome is unknown, never "printed".
   */
  readonly statusTimeoutMs?: number;
  /** Between two `~HS` queries while the printer still holds part of the job. */
  readonly statusPollMs?: number;
}

/**
 * FR-145: a raw TCP printer counts as having printed only on evidence. After the job the station
 * asks the printer for its host status (`~HS`, zpl-host-status.ts) and asks again while formats
 * wait in its receive buffer or labels remain in the batch; printed = an answer with no fault
 * flag and nothing left queued within `statusTimeoutMs`. A fault flag (paper out, paused, head
 * up, ribbon out …), no answer, a closed or reset connection or an answer that is not a host
 * status: the job reached the printer, so the outcome is 'unknown'. (Until FR-145 a printer
 * that kept its connection open counted as printed after a grace period: success without
 * evidence.) What it cannot see: a fault that stops the last label after the printer said idle.
 */
export class TcpLabelTransport implements LabelTransport {
  readonly description: string;
  private readonly host: string;
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly statusTimeoutMs: number;
  private readonly statusPollMs: number;

  constructor(options: TcpPrinterOptions) {
    this.host = options.host;
    this.port = options.port ?? 9100;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 15_000;
    this.statusPollMs = options.statusPollMs ?? 250;
    this.description = `tcp://${this.host}:${this.port}`;
  }

  send(data: Buffer): Promise<Result<void>> {
    return new Promise((resolve) => {
      const socket = new Socket();
      let settled = false;
      // FR-139: no byte of the job leaves before the connection is made.
      let delivered: Delivered = 'none';
      let timer: NodeJS.Timeout | undefined;
      let poll: NodeJS.Timeout | undefined;
      let received: Buffer = Buffer.alloc(0);
      let frames: string[] = [];
      let last: HostStatus | null = null;
      const printer = this.description;
      const finish = (r: Result<void>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(poll);
        if (r.ok) {
          // A clean close: the printer sees the end of the exchange.
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        } else socket.destroy();
        resolve(r);
      };
      const arm = (ms: number, onTimeout: () => Result<void>) => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(onTimeout()), ms);
      };
      arm(this.timeoutMs, () => err('DEVICE_TIMEOUT', `printer ${printer} did not take the label within ${this.timeoutMs} ms`, { printer, delivered }));
      socket.once('error', (e: NodeJS.ErrnoException) => {
        const code = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' ? 'DEVICE_DISCONNECTED' : 'DEVICE_WRITE_FAILED';
        finish(err(code, `printer ${printer}: ${e.message}`, { printer, errno: e.code, delivered }));
      });
      const ask = () => socket.write(HOST_STATUS_QUERY);
      socket.connect(this.port, this.host, () => {
        delivered = 'unknown';
        socket.write(data, (e) => {
          if (e || settled) return;
          // The job is handed over: from now on only the printer's own answer says it printed.
          arm(this.statusTimeoutMs, () =>
            err('DEVICE_TIMEOUT', last === null ? `printer ${printer} did not report its status within ${this.statusTimeoutMs} ms after the job` : `printer ${printer} still held ${last.formatsInBuffer} format(s) and ${last.labelsRemaining} label(s) of the job after ${this.statusTimeoutMs} ms`, { printer, delivered, ...(last ? { formatsInBuffer: last.formatsInBuffer, labelsRemaining: last.labelsRemaining } : {}) }),
          );
          ask();
        });
      });
      socket.on('data', (chunk: Buffer) => {
        const got = hostStatusFrames(Buffer.concat([received, chunk]));
        received = got.rest;
        frames.push(...got.frames);
        while (frames.length >= 3 && !settled) {
          const [s1, s2] = frames;
          frames = frames.slice(3);
          const status = parseHostStatus(s1!, s2!);
          if (!status.ok) return finish(err(status.error.code, `printer ${printer}: ${status.error.message}`, { ...status.error.details, printer, delivered }));
          last = status.value;
          if (last.faults.length > 0) return finish(err('LABEL_PRINTER_FAULT', `printer ${printer} reports ${last.faults.join(', ')} after the job`, { printer, delivered, faults: last.faults.join(','), formatsInBuffer: last.formatsInBuffer, labelsRemaining: last.labelsRemaining }));
          if (hostStatusIdle(last)) return finish(ok(undefined));
          clearTimeout(poll);
          poll = setTimeout(ask, this.statusPollMs);
        }
      });
      // A printer that closes before it answered has not said it printed.
      socket.once('close', () => finish(err('DEVICE_DISCONNECTED', `printer ${printer} closed the connection without reporting its status after the job`, { printer, delivered })));
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
