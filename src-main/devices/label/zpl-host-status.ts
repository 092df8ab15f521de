/**
 * The Zebra ZPL host status (`~HS`, ZPL II Programming Guide "~HS Host Status Return"), FR-145.
 * A tilde command is acted on as soon as the printer reads it; the printer answers with three
 * strings, each framed <STX> … <ETX> <CR><LF>:
 *
 *   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
 *      aaa communication settings; b paper out; c pause; dddd label length (dots); eee number of
 *      formats in the receive buffer; f buffer full; g communications diagnostic mode; h partial
 *      format in progress; iii unused; j corrupt RAM; k under temperature; l over temperature
 *   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www
 *      mmm function settings; n unused; o head up; p ribbon out; q thermal transfer mode;
 *      r print mode; s print width mode; t label waiting; uuuuuuuu labels remaining in batch;
 *      v format while printing; www graphic images stored
 *   3: xxxx,y   password; static RAM installed
 *
 * Flags are "1" when set. What the station needs from it: whether the printer reports a fault
 * (paper out, paused, head up, ribbon out, corrupt RAM, temperature out of range) and whether
 * anything of the job is still queued (formats in the receive buffer, labels remaining, a
 * partial format). Pure: bytes in, a typed status or a typed refusal out.
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';

export const HOST_STATUS_QUERY = '~HS';

export type HostStatusFault = 'paper-out' | 'paused' | 'head-up' | 'ribbon-out' | 'corrupt-ram' | 'under-temperature' | 'over-temperature';

export interface HostStatus {
  faults: HostStatusFault[];
  formatsInBuffer: number;
  labelsRemaining: number;
  partialFormat: boolean;
  bufferFull: boolean;
}

const STX = 0x02;
const ETX = 0x03;

/** The complete <STX>…<ETX> frames at the start of `data` (bytes before the first STX are skipped), and the bytes after the last one. */
export function hostStatusFrames(data: Buffer): { frames: string[]; rest: Buffer } {
  const frames: string[] = [];
  let at = 0;
  for (;;) {
    const start = data.indexOf(STX, at);
    if (start < 0) return { frames, rest: Buffer.alloc(0) };
    const end = data.indexOf(ETX, start + 1);
    if (end < 0) return { frames, rest: data.subarray(start) };
    frames.push(data.subarray(start + 1, end).toString('latin1'));
    at = end + 1;
  }
}

const flag = (v: string | undefined): boolean | null => (v === '1' ? true : v === '0' ? false : null);
const count = (v: string | undefined): number | null => (v !== undefined && /^\d{1,8}$/.test(v) ? Number(v) : null);

/** One `~HS` answer: its first two strings (the third holds nothing the station needs). */
export function parseHostStatus(string1: string, string2: string): Result<HostStatus> {
  const a = string1.split(',');
  const b = string2.split(',');
  const bad = (which: string) => err('DEVICE_PROTOCOL_ERROR', `the printer's host status ${which} is not a ~HS answer`, { string1: string1.slice(0, 80), string2: string2.slice(0, 80) });
  if (a.length !== 12) return bad('string 1');
  if (b.length !== 11) return bad('string 2');
  const paperOut = flag(a[1]);
  const paused = flag(a[2]);
  const formats = count(a[4]);
  const bufferFull = flag(a[5]);
  const partial = flag(a[7]);
  const corruptRam = flag(a[9]);
  const under = flag(a[10]);
  const over = flag(a[11]);
  if (paperOut === null || paused === null || formats === null || bufferFull === null || partial === null || corruptRam === null || under === null || over === null) return bad('string 1');
  const headUp = flag(b[2]);
  const ribbonOut = flag(b[3]);
  const remaining = count(b[8]);
  if (headUp === null || ribbonOut === null || remaining === null) return bad('string 2');
  const faults: HostStatusFault[] = [];
  if (paperOut) faults.push('paper-out');
  if (paused) faults.push('paused');
  if (headUp) faults.push('head-up');
  if (ribbonOut) faults.push('ribbon-out');
  if (corruptRam) faults.push('corrupt-ram');
  if (under) faults.push('under-temperature');
  if (over) faults.push('over-temperature');
  return ok({ faults, formatsInBuffer: formats, labelsRemaining: remaining, partialFormat: partial, bufferFull });
}

/** Nothing of the job left in the printer: no format waiting, no label of a batch still to print, no format half-read. */
export const hostStatusIdle = (s: HostStatus): boolean => s.formatsInBuffer === 0 && s.labelsRemaining === 0 && !s.partialFormat && !s.bufferFull;
