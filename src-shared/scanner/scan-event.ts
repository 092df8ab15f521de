/**
 * One scan, whatever the scanner: a serial (COM/tty) scanner in main or a keyboard-wedge scanner
 * in the renderer both end as this event, which crosses IPC and is what parseBarcode() reads.
 */
import { z } from 'zod';

export const ScanSource = z.enum(['keyboard-wedge', 'serial']);
export type ScanSource = z.infer<typeof ScanSource>;

/** GS1 DataMatrix holds at most 2,335 alphanumerics; anything near 4 KB is not a scan. */
export const MAX_SCAN_LENGTH = 4096;

export const ScanEventSchema = z.object({
  source: ScanSource,
  /** Serial port path, or the configured name of the wedge scanner ("keyboard" by default). */
  deviceId: z.string().min(1),
  /** The payload without prefix, suffix or line terminator; FNC1 restored as GS (ASCII 29). */
  data: z.string().min(1).max(MAX_SCAN_LENGTH),
  /** When the scan completed, milliseconds since the Unix epoch (from the injected clock). */
  receivedAt: z.number().nonnegative(),
  /** Time from the first to the last character, when the source can tell. */
  durationMs: z.number().nonnegative().optional(),
});
export type ScanEvent = z.infer<typeof ScanEventSchema>;
