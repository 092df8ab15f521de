/**
 * Cuts the byte stream from a balance into lines. It does what @serialport/parser-readline does
 * (split on the delimiter, decode as latin1 so every byte maps to one character) plus one thing
 * it does not: a ceiling on line length. A balance at the wrong baud rate or a broken cable
 * sends noise that may never contain the delimiter; ReadlineParser would buffer it without end.
 * Here an overlong run is dropped, reported once, and framing resumes at the next delimiter.
 */
import type { SerialSettings } from './serial-settings.ts';
import { MAX_LINE_CHARS } from './balance-message.ts';

export class LineFramer {
  private buffer = '';
  private discarding = false;
  private readonly delimiter: string;

  constructor(
    lineEnding: SerialSettings['lineEnding'],
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: (chars: number) => void,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {
    // CRLF and LF both end at LF (a stray CR is trimmed); CR-only balances end at CR.
    this.delimiter = lineEnding === 'CR' ? '\r' : '\n';
  }

  push(chunk: Buffer): void {
    let text = this.buffer + chunk.toString('latin1');
    let at = text.indexOf(this.delimiter);
    while (at >= 0) {
      const line = text.slice(0, at);
      text = text.slice(at + 1);
      if (this.discarding) this.discarding = false;
      else this.emit(line);
      at = text.indexOf(this.delimiter);
    }
    if (text.length > this.maxChars) {
      if (!this.discarding) this.onOverlong(text.length);
      this.discarding = true;
      text = '';
    }
    this.buffer = text;
  }

  reset(): void {
    this.buffer = '';
    this.discarding = false;
  }

  private emit(line: string): void {
    let l = line;
    if (this.delimiter === '\n' && l.endsWith('\r')) l = l.slice(0, -1);
    else if (this.delimiter === '\r' && l.startsWith('\n')) l = l.slice(1);
    if (l.length > this.maxChars) {
      this.onOverlong(l.length);
      return;
    }
    if (l.length > 0) this.onLine(l);
  }
}
