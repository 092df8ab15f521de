/**
 * Serial barcode scanners at run time: each scan becomes a `scanner.scan` live event, the same
 * event a keyboard-wedge scan becomes inside the renderer, so screens handle one kind of scan.
 */
import type { ScannerSetting } from '../../src-shared/settings/station-settings.ts';
import { SerialScanner } from '../devices/scanner/serial-scanner.ts';
import type { LiveBus } from './live-bus.ts';

export class ScannerHub {
  private scanners: { scanner: SerialScanner; off: () => void }[] = [];
  private states = new Map<string, 'listening' | 'closed'>();

  constructor(
    private readonly bus: LiveBus,
    private readonly now: () => number,
  ) {}

  async apply(settings: ScannerSetting[]): Promise<string[]> {
    await this.close();
    const problems: string[] = [];
    for (const s of settings) {
      if (s.kind !== 'serial' || !s.port) continue;
      const made = SerialScanner.create({ path: s.port, settings: s.baudRate ? { baudRate: s.baudRate } : {}, now: this.now });
      if (!made.ok) {
        problems.push(`${s.id}: ${made.error.message}`);
        continue;
      }
      const scanner = made.value;
      const off = scanner.on((e) => {
        if (e.type === 'scan') this.bus.publish({ type: 'scanner.scan', scannerId: s.id, data: e.scan.data });
        if (e.type === 'connected') this.states.set(s.id, 'listening');
        if (e.type === 'disconnected') this.states.set(s.id, 'closed');
      });
      this.scanners.push({ scanner, off });
      const opened = await scanner.open();
      this.states.set(s.id, opened.ok ? 'listening' : 'closed');
      if (!opened.ok) problems.push(`${s.id}: ${opened.error.message}`);
    }
    return problems;
  }

  state(id: string): 'listening' | 'closed' {
    return this.states.get(id) ?? 'closed';
  }

  async close(): Promise<void> {
    for (const { scanner, off } of this.scanners) {
      off();
      await scanner.close();
    }
    this.scanners = [];
  }
}
