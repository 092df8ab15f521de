/**
 * A serial (COM / tty / USB-CDC) barcode scanner: one scan per line. Lines are cut by
 * @serialport/parser-readline; each becomes the same ScanEvent the keyboard wedge produces.
 * A pulled cable is reported and the port reopened with back-off until close() is called,
 * because operators unplug and replug scanners and expect them to just work again.
 *
 * The device layer knows nothing of batches: it emits events and leaves meaning to
 * parseBarcode() and the engine.
 */
import type { ReadlineParser } from '@serialport/parser-readline';
import type { SerialPort } from 'serialport';
import { z } from 'zod';
import { err, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import { MAX_SCAN_LENGTH, type ScanEvent } from '../../../src-shared/scanner/scan-event.ts';
import { loadReadlineParser, loadSerialPort } from '../serialport-module.ts';

export const ScannerSerialSettingsSchema = z.object({
  baudRate: z.number().int().min(300).max(921_600).default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  /** What the scanner sends after each scan. CR alone is the common factory default. */
  lineEnding: z.enum(['CR', 'LF', 'CRLF']).default('CR'),
  /** Bytes the scanner is programmed to send before/after the data (e.g. STX/ETX), stripped. */
  prefix: z.string().default(''),
  suffix: z.string().default(''),
  encoding: z.enum(['latin1', 'utf8']).default('latin1'),
  reconnect: z
    .object({ initialDelayMs: z.number().int().positive(), maxDelayMs: z.number().int().positive() })
    .default({ initialDelayMs: 250, maxDelayMs: 5000 }),
});
export type ScannerSerialSettings = z.infer<typeof ScannerSerialSettingsSchema>;

export type SerialScannerEvent =
  | { readonly type: 'scan'; readonly scan: ScanEvent }
  | { readonly type: 'connected'; readonly path: string }
  | { readonly type: 'disconnected'; readonly path: string; readonly reason: string }
  /** A line we could not turn into a scan (too long, no terminator); the port stays open. */
  | { readonly type: 'rejected'; readonly error: BatchlineError };

export interface SerialScannerOptions {
  readonly path: string;
  readonly settings?: z.input<typeof ScannerSerialSettingsSchema>;
  /** Milliseconds since the epoch; the composition root passes the station clock. */
  readonly now: () => number;
}

const TERMINATORS = { CR: '\r', LF: '\n', CRLF: '\r\n' } as const;

export class SerialScanner {
  readonly path: string;
  private readonly settings: ScannerSerialSettings;
  private readonly now: () => number;
  private readonly listeners = new Set<(e: SerialScannerEvent) => void>();
  private port: SerialPort | null = null;
  private wanted = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private pendingBytes = 0;

  private constructor(path: string, settings: ScannerSerialSettings, now: () => number) {
    this.path = path;
    this.settings = settings;
    this.now = now;
    this.retryDelay = settings.reconnect.initialDelayMs;
  }

  static create(options: SerialScannerOptions): Result<SerialScanner> {
    const parsed = ScannerSerialSettingsSchema.safeParse(options.settings ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err('DEVICE_SETTINGS_INVALID', `scanner setting ${issue?.path.join('.')}: ${issue?.message}`, { path: options.path });
    }
    return ok(new SerialScanner(options.path, parsed.data, options.now));
  }

  on(listener: (e: SerialScannerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the port; later losses are retried automatically until close(). */
  async open(): Promise<Result<void>> {
    this.wanted = true;
    return this.openOnce();
  }

  async close(): Promise<void> {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }

  private emit(e: SerialScannerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private async openOnce(): Promise<Result<void>> {
    const s = this.settings;
    const [serialport, parser] = await Promise.all([loadSerialPort(this.path), loadReadlineParser(this.path)]);
    if (!serialport.ok) return serialport;
    if (!parser.ok) return parser;
    const { SerialPort } = serialport.value;
    const { ReadlineParser } = parser.value;
    const port = new SerialPort({ path: this.path, baudRate: s.baudRate, dataBits: s.dataBits, parity: s.parity, stopBits: s.stopBits, autoOpen: false });
    return new Promise((resolve) => {
      port.open((e) => {
        if (e) {
          resolve(err('DEVICE_PORT_OPEN_FAILED', `${this.path}: ${e.message}`, { path: this.path }));
          return;
        }
        if (!this.wanted) {
          port.close();
          resolve(ok(undefined));
          return;
        }
        this.attach(port, ReadlineParser);
        this.retryDelay = s.reconnect.initialDelayMs;
        this.emit({ type: 'connected', path: this.path });
        resolve(ok(undefined));
      });
    });
  }

  private attach(port: SerialPort, Parser: typeof ReadlineParser): void {
    this.port = port;
    const terminator = TERMINATORS[this.settings.lineEnding];
    let parser = this.newParser(port, terminator, Parser);
    this.pendingBytes = 0;
    // ReadlineParser buffers without limit until a terminator arrives; a scanner with the wrong
    // line ending configured would grow it forever, so count bytes since the last terminator.
    port.on('data', (chunk: Buffer) => {
      const last = chunk.lastIndexOf(terminator.at(-1)!.charCodeAt(0));
      this.pendingBytes = last >= 0 ? chunk.length - last - 1 : this.pendingBytes + chunk.length;
      if (this.pendingBytes > MAX_SCAN_LENGTH) {
        this.pendingBytes = 0;
        port.unpipe(parser);
        parser.destroy();
        parser = this.newParser(port, terminator, Parser);
        this.emit({ type: 'rejected', error: { code: 'SCANNER_LINE_TOO_LONG', message: `${this.path}: more than ${MAX_SCAN_LENGTH} bytes without a line terminator (is the scanner's suffix set to ${this.settings.lineEnding}?)` } });
      }
    });
    port.on('close', () => {
      if (this.port !== port) return;
      this.port = null;
      this.emit({ type: 'disconnected', path: this.path, reason: 'port closed' });
      this.scheduleReconnect();
    });
    port.on('error', () => undefined); // surfaces as 'close'
  }

  private newParser(port: SerialPort, delimiter: string, Parser: typeof ReadlineParser): ReadlineParser {
    const parser = new Parser({ delimiter, encoding: this.settings.encoding });
    parser.on('data', (line: string) => this.onLine(line));
    port.pipe(parser);
    return parser;
  }

  private onLine(rawLine: string): void {
    // Tolerate the other common terminator around the configured one (CR LF into a CR setting).
    let data = rawLine.replace(/^[\r\n]+|[\r\n]+$/g, '');
    const { prefix, suffix } = this.settings;
    if (prefix && data.startsWith(prefix)) data = data.slice(prefix.length);
    if (suffix && data.endsWith(suffix)) data = data.slice(0, data.length - suffix.length);
    if (data.length === 0) return;
    if (data.length > MAX_SCAN_LENGTH) {
      this.emit({ type: 'rejected', error: { code: 'SCANNER_LINE_TOO_LONG', message: `${this.path}: a ${data.length}-character line is not a scan` } });
      return;
    }
    this.emit({ type: 'scan', scan: { source: 'serial', deviceId: this.path, data, receivedAt: this.now() } });
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.settings.reconnect.maxDelayMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.wanted) return;
      void this.openOnce().then((r) => {
        if (!r.ok) this.scheduleReconnect();
      });
    }, delay);
  }
}
