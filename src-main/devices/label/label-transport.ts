/**
 * How label data reaches a printer: raw TCP to port 9100 (the de-facto "JetDirect" raw port of
 * network label printers) or a serial line. Both only move bytes; every failure is a typed
 * Result so the dispensing step can say "printer unreachable" instead of hanging.
 *
 * FR-139: every failure says whether any of the job may have reached the printer
 * (`details.delivered`): 'none' only when no byte can have left the station (the connection
 * was refused or never made, the serial port did not open), 'unknown' once sending began (a
 * timeout or reset after `end(data)`, a failed write or drain): such a print may have come out.
 * FR-145: and success says how it is known, on either link: the printer's own word, its host
 * status after the job (`confirmation: 'status'`, host-status-watch.ts); or, from a printer that
 * gives no status (it never answered `~HS`, or its setting says `statusCheck: 'none'`), every byte
 * accepted by the link (`confirmation: 'sent'`: delivered, unconfirmed).
 */
import { Socket } from 'node:net';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { loadSerialPort } from '../serialport-module.ts';
import { HOST_STATUS_QUERY } from './zpl-host-status.ts';
import { HostStatusWatch, type PrintDelivery } from './host-status-watch.ts';

export type { PrintDelivery } from './host-status-watch.ts';

/** FR-139: whether any of a failed job may have reached the printer. */
export type Delivered = 'none' | 'unknown';

export interface LabelTransport {
  readonly description: string;
  send(data: Buffer): Promise<Result<PrintDelivery>>;
}

/**
 * FR-145: whether the station asks the printer for its host status after a job. 'host-status'
 * (the default): ask `~HS`; a printer that never answers by the bound counts as 'sent'.
 * 'none': the printer is known to give no status (a non-Zebra printer, a ZPL emulation without
 * `~HS`, a raw sink): nothing is asked and the print counts as 'sent' once the link accepted the
 * job, without waiting out the bound.
 */
export type StatusCheck = 'host-status' | 'none';

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
  /** FR-145: default 'host-status'. */
  readonly statusCheck?: StatusCheck;
}

/**
 * FR-145: a raw TCP printer counts as having printed only on evidence. After the job the station
 * asks the printer for its host status (`~HS`, zpl-host-status.ts) and asks again while formats
 * wait in its receive buffer or labels remain in the batch; printed = an answer with no fault
 * flag and nothing left queued within `statusTimeoutMs` (`confirmation: 'status'`). A fault flag
 * (paper out, paused, head up, ribbon out …), no more answer after a first one, a closed or reset
 * connection or an answer that is not a host status: the job reached the printer, so the outcome
 * is 'unknown'. A printer that never sent one byte back, the connection still open at the bound,
 * gives no status: printed as `confirmation: 'sent'` (so does `statusCheck: 'none'`, at once). (Until FR-145 a printer
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
  private readonly statusCheck: StatusCheck;

  constructor(options: TcpPrinterOptions) {
    this.host = options.host;
    this.port = options.port ?? 9100;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 15_000;
    this.statusPollMs = options.statusPollMs ?? 250;
    this.statusCheck = options.statusCheck ?? 'host-status';
    this.description = `tcp://${this.host}:${this.port}`;
  }

  send(data: Buffer): Promise<Result<PrintDelivery>> {
    return new Promise((resolve) => {
      // FR-154: half-open kept, so a printer that ends its side (FIN) is told from one that resets:
      // node would otherwise end ours at once and report both as a close.
      const socket = new Socket({ allowHalfOpen: true });
      let settled = false;
      let heard = false;
      let peerEnded = false;
      // FR-139: no byte of the job leaves before the connection is made.
      let delivered: Delivered = 'none';
      const printer = this.description;
      const finish = (r: Result<PrintDelivery>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        watch.stop();
        if (r.ok && peerEnded) {
          // FR-154: a silent printer that ended its side: a connection it has since reset (the job
          // unread) refuses one more host status query (EPIPE); one it closed after reading to the
          // end still takes it. The query is harmless to any ZPL printer.
          socket.removeAllListeners('error');
          socket.removeAllListeners('close');
          socket.on('error', () => undefined);
          socket.write(HOST_STATUS_QUERY, (e) => {
            if (e) resolve(err('DEVICE_DISCONNECTED', `printer ${printer} reset the connection without reporting its status after the job (${e.message})`, { printer, delivered }));
            else resolve(r);
            socket.end();
            setTimeout(() => socket.destroy(), 1000).unref();
          });
          return;
        }
        if (r.ok) {
          // A clean close: the printer sees the end of the exchange.
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        } else socket.destroy();
        resolve(r);
      };
      const watch = new HostStatusWatch({ printer, statusTimeoutMs: this.statusTimeoutMs, statusPollMs: this.statusPollMs, write: (q) => socket.write(q), done: finish });
      const timer = setTimeout(() => finish(err('DEVICE_TIMEOUT', `printer ${printer} did not take the label within ${this.timeoutMs} ms`, { printer, delivered })), this.timeoutMs);
      socket.once('error', (e: NodeJS.ErrnoException) => {
        const code = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' ? 'DEVICE_DISCONNECTED' : 'DEVICE_WRITE_FAILED';
        finish(err(code, `printer ${printer}: ${e.message}`, { printer, errno: e.code, delivered }));
      });
      socket.connect(this.port, this.host, () => {
        delivered = 'unknown';
        socket.write(data, (e) => {
          if (e || settled) return;
          // The job is handed over: from now on only the printer's own answer says it printed.
          clearTimeout(timer);
          // FR-145: a printer set up as giving no status is not asked: the job accepted is all there is to know.
          if (this.statusCheck === 'none') finish(ok({ confirmation: 'sent' }));
          else watch.start();
        });
      });
      socket.on('data', (chunk: Buffer) => {
        if (chunk.length > 0) heard = true;
        watch.feed(chunk);
      });
      // FR-154: the printer ended its side of the connection (FIN). One that said something first
      // and then ended has not confirmed the job: outcome unknown at once. One that never sent a
      // byte (a raw sink, `socat TCP-LISTEN:9100 -` with its input at its end) is a printer that
      // gives no status: it keeps reading until it closes, and a job it did not read would come
      // back as a reset ('error' above, outcome unknown); with none by the silent bound it is 'sent'
      // as for a silent printer that keeps the connection open (until FR-154 every close was unknown).
      socket.once('end', () => {
        peerEnded = true;
        if (heard) finish(err('DEVICE_DISCONNECTED', `printer ${printer} ended the connection after answering, without confirming the job`, { printer, delivered }));
      });
      // A connection gone before the printer confirmed (reset, or closed before the job was handed over).
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
  /** Opening the port and handing the job over. */
  readonly timeoutMs?: number;
  /** FR-145: as for TCP, the bound for the printer's host status after the job. */
  readonly statusTimeoutMs?: number;
  readonly statusPollMs?: number;
  /** FR-145: default 'host-status'. */
  readonly statusCheck?: StatusCheck;
}

export class SerialLabelTransport implements LabelTransport {
  readonly description: string;
  constructor(private readonly options: SerialPrinterOptions) {
    this.description = `serial:${options.path}`;
  }

  async send(data: Buffer): Promise<Result<PrintDelivery>> {
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
    const printer = this.description;
    return new Promise((resolve) => {
      let settled = false;
      // FR-139: nothing reaches the printer before the port is open and the write begins.
      let delivered: Delivered = 'none';
      const finish = (r: Result<PrintDelivery>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        watch.stop();
        if (port.isOpen) port.close(() => resolve(r));
        else resolve(r);
      };
      // FR-145: a drained port says only that the bytes left the station; the printer's host status says whether it printed.
      const watch = new HostStatusWatch({ printer, statusTimeoutMs: o.statusTimeoutMs ?? 15_000, statusPollMs: o.statusPollMs ?? 250, write: (q) => port.write(q), done: finish });
      // A printer holding CTS low (paper out, head open) blocks drain() forever.
      const timer = setTimeout(() => finish(err('DEVICE_TIMEOUT', `printer ${printer} did not accept the label within ${timeoutMs} ms`, { printer, delivered })), timeoutMs);
      port.on('data', (chunk: Buffer) => watch.feed(chunk));
      port.open((e) => {
        if (e) return finish(err('DEVICE_PORT_OPEN_FAILED', `${o.path}: ${e.message}`, { printer, delivered: 'none' }));
        delivered = 'unknown';
        port.write(data, (we) => {
          if (we) return finish(err('DEVICE_WRITE_FAILED', `${o.path}: ${we.message}`, { printer, delivered }));
          port.drain((de) => {
            if (de) return finish(err('DEVICE_WRITE_FAILED', `${o.path}: ${de.message}`, { printer, delivered }));
            if (settled) return;
            clearTimeout(timer);
            // FR-145: drained is all a printer set up as giving no status can tell.
            if (o.statusCheck === 'none') finish(ok({ confirmation: 'sent' }));
            else watch.start();
          });
        });
      });
    });
  }
}
