/**
 * FR-145: after a job has gone to a ZPL printer, the printer's own word on it. Asks `~HS`
 * (zpl-host-status.ts), reads the answer from whatever bytes the link delivers, and asks again
 * while part of the job is still queued; ends with ok only when the printer answers with no
 * fault flag and nothing left, within `statusTimeoutMs`. Everything else ends with a typed error
 * whose `delivered` is 'unknown' (the job reached the printer). The same watch serves the TCP and
 * the serial transport: the link only writes the query and feeds the bytes it reads.
 *
 * A printer that sends nothing at all back within `silentMs` of the query (not one byte: a non-Zebra printer, a ZPL
 * emulation without host status, a raw TCP sink) gives no status, and no fault either: the job
 * was accepted by the link (written, drained), so it counts as printed with `confirmation: 'sent'`
 * — delivered, unconfirmed — instead of 'status' (the printer said it is idle with no fault). A
 * printer that answered anything (a status, a fault, bytes that are not a host status) and then
 * fell silent is not silent: no answer by the bound stays 'unknown'.
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { PrintConfirmation } from '../../../src-shared/ledger/entry-types/labels.ts';
import { HOST_STATUS_QUERY, hostStatusFrames, hostStatusIdle, parseHostStatus, type HostStatus } from './zpl-host-status.ts';

/** FR-145: how the printer's having printed is known: its host status, or only the job's delivery (the printer gives no status). */
export interface PrintDelivery {
  confirmation: PrintConfirmation;
}

export interface HostStatusWatchOptions {
  /** The printer as the errors name it ("tcp://10.0.0.5:9100"). */
  printer: string;
  statusTimeoutMs: number;
  statusPollMs: number;
  /**
   * How long a printer may stay wholly silent after the first `~HS` before it counts as one that
   * gives no status (`confirmation: 'sent'`): a Zebra answers in milliseconds, so a silent sink is
   * not made to wait out `statusTimeoutMs` on every label. Default: the smaller of 3 s and `statusTimeoutMs`.
   */
  silentMs?: number;
  /** Sends bytes to the printer. */
  write: (query: string) => void;
  /** Called once, with the outcome. */
  done: (r: Result<PrintDelivery>) => void;
}

/** The most bytes of an unfinished frame the watch holds (FR-145). */
const MAX_PENDING = 1024;

export class HostStatusWatch {
  private received: Buffer = Buffer.alloc(0);
  private frames: string[] = [];
  private last: HostStatus | null = null;
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private over = false;
  /** Any byte from the printer since the job: a printer that said anything is not silent. */
  private heard = false;
  /** Bytes before the first query are not an answer to it (a status older than the job). */
  private started = false;
  private silent: NodeJS.Timeout | undefined;

  constructor(private readonly o: HostStatusWatchOptions) {}

  start(): void {
    const { printer, statusTimeoutMs } = this.o;
    this.started = true;
    this.received = Buffer.alloc(0);
    this.frames = [];
    // Not one byte back soon after the query: a printer that gives no status (and reports no fault).
    this.silent = setTimeout(() => {
      if (!this.heard) this.end(ok({ confirmation: 'sent' }));
    }, Math.min(this.o.silentMs ?? 3000, statusTimeoutMs));
    this.timer = setTimeout(() => {
      const last = this.last;
      // Not one byte back: a printer that gives no status (and reports no fault).
      if (!this.heard) return this.end(ok({ confirmation: 'sent' }));
      this.end(
        err('DEVICE_TIMEOUT', last === null ? `printer ${printer} did not report its status within ${statusTimeoutMs} ms after the job` : `printer ${printer} still held ${last.formatsInBuffer} format(s) and ${last.labelsRemaining} label(s) of the job after ${statusTimeoutMs} ms`, {
          printer,
          delivered: 'unknown',
          ...(last ? { formatsInBuffer: last.formatsInBuffer, labelsRemaining: last.labelsRemaining } : {}),
        }),
      );
    }, statusTimeoutMs);
    this.o.write(HOST_STATUS_QUERY);
  }

  /** Bytes the printer sent. */
  feed(chunk: Buffer): void {
    const { printer } = this.o;
    if (!this.started || this.over) return;
    if (chunk.length > 0) this.heard = true;
    const got = hostStatusFrames(Buffer.concat([this.received, chunk]));
    this.received = got.rest;
    // One ~HS frame is under 100 bytes: a frame that never ends is not a host status.
    if (this.received.length > MAX_PENDING) return this.end(err('DEVICE_PROTOCOL_ERROR', `printer ${printer} sent ${this.received.length} bytes without ending a host status frame after the job`, { printer, delivered: 'unknown' }));
    this.frames.push(...got.frames);
    while (this.frames.length >= 3 && !this.over) {
      const [s1, s2] = this.frames;
      this.frames = this.frames.slice(3);
      const status = parseHostStatus(s1!, s2!);
      if (!status.ok) return this.end(err(status.error.code, `printer ${printer}: ${status.error.message}`, { ...status.error.details, printer, delivered: 'unknown' }));
      const last = (this.last = status.value);
      if (last.faults.length > 0) return this.end(err('LABEL_PRINTER_FAULT', `printer ${printer} reports ${last.faults.join(', ')} after the job`, { printer, delivered: 'unknown', faults: last.faults.join(','), formatsInBuffer: last.formatsInBuffer, labelsRemaining: last.labelsRemaining }));
      if (hostStatusIdle(last)) return this.end(ok({ confirmation: 'status' }));
      clearTimeout(this.poll);
      this.poll = setTimeout(() => this.o.write(HOST_STATUS_QUERY), this.o.statusPollMs);
    }
  }

  /** The link ended first: no more answers will come. */
  stop(): void {
    this.over = true;
    clearTimeout(this.timer);
    clearTimeout(this.poll);
    clearTimeout(this.silent);
  }

  private end(r: Result<PrintDelivery>): void {
    if (this.over) return;
    this.stop();
    this.o.done(r);
  }
}
