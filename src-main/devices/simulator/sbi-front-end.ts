/**
 * The simulated balance printing Sartorius SBI lines (see balance/sartorius-sbi.codec.ts):
 * 16-character prints (or 22 with the `N` ID), unit only when stable, `Stat` lines for
 * overload and underload, auto print at a steady rate when enabled, and the ESC commands
 * P (print), T (tare/zero key), f3_ (zero), x1_/x2_/x3_ (model, serial, software).
 */
import type { SimulatedBalance } from './simulated-balance.ts';
import { SimulatorFrontEnd, type FrontEndOptions } from './simulator-front-end.ts';

export interface SbiFrontEndOptions extends FrontEndOptions {
  readonly autoPrint: boolean;
  readonly withId: boolean;
}

export class SbiFrontEnd extends SimulatorFrontEnd {
  private readonly sbi: SbiFrontEndOptions;

  constructor(balance: SimulatedBalance, options: Partial<SbiFrontEndOptions> = {}) {
    super(balance, options);
    this.sbi = { ...this.options, autoPrint: options.autoPrint ?? true, withId: options.withId ?? false };
    if (this.sbi.autoPrint) this.startStream(() => this.sendNow(this.printLine()));
  }

  protected handle(raw: string): void {
    const command = raw.startsWith('\x1b') ? raw.slice(1) : null;
    switch (command) {
      case 'P':
        return this.send(this.printLine());
      case 'T':
        // The TARE key zeroes an empty pan and tares a loaded one.
        return this.whenStable(() => {
          const shown = this.balance.display();
          if (shown.kind === 'weight' && shown.net.amount.replace(/[-0.]/g, '') === '') this.balance.zero();
          else this.balance.tareNow();
        });
      case 'f3_':
        return this.whenStable(() => void this.balance.zero());
      case 'x1_':
        return this.send(this.balance.config.model);
      case 'x2_':
        return this.send(this.balance.config.serialNumber);
      case 'x3_':
        return this.send(this.balance.config.software);
      default:
        // SBI has no error answer for an unknown command: it ignores it.
        return;
    }
  }

  printLine(): string {
    const shown = this.balance.display();
    const id = this.sbi.withId ? 'N     ' : '';
    if (shown.kind === 'overload') return 'Stat        H      ';
    if (shown.kind === 'underload') return 'Stat        L      ';
    const amount = shown.net.amount.replace(/^-/, '');
    const sign = shown.net.amount.startsWith('-') ? '-' : '+';
    const unit = shown.stable ? shown.net.unit : '';
    return `${id}${sign}${amount.padStart(9, ' ')} ${unit.padEnd(3, ' ')}`;
  }
}
