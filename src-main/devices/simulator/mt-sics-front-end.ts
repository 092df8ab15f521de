/**
 * The simulated balance answering MT-SICS level 0/1 as a Mettler-Toledo balance does (see
 * balance/mt-sics.codec.ts for the answer grammar). Stable-only commands (S, SU, Z, T) wait for
 * stability up to the balance's own timeout and then answer `x I`, as real balances do.
 */
import { massArg } from './simulated-balance.ts';
import { SimulatorFrontEnd } from './simulator-front-end.ts';
import type { Mass } from '../../../src-shared/mass.ts';

export class MtSicsFrontEnd extends SimulatorFrontEnd {
  protected handle(raw: string): void {
    const command = raw.trim();
    const [id = '', ...args] = command.split(/\s+/);
    // Every single-value weight command, and @, ends an SIR repeat.
    if (['@', 'S', 'SI', 'SU', 'SIR'].includes(id)) this.stopStream();
    switch (id) {
      case '@':
        return this.send(`I4 A "${this.balance.config.serialNumber}"`);
      case 'I2': {
        const c = this.balance.config;
        return this.send(`I2 A "${c.model} ${c.capacity.amount} ${c.capacity.unit}"`);
      }
      case 'I3':
        return this.send(`I3 A "${this.balance.config.software}"`);
      case 'I4':
        return this.send(`I4 A "${this.balance.config.serialNumber}"`);
      case 'SI':
        return this.send(this.weightLine('S', false));
      case 'SIR':
        this.startStream(() => this.sendNow(this.weightLine('S', false)));
        return;
      case 'S':
      case 'SU':
        return this.whenStable((stable) => this.send(stable ? this.weightLine(id, true) : `${id} I`));
      case 'Z':
        return this.whenStable(() => this.send(this.zeroAnswer('Z', false)));
      case 'ZI':
        return this.send(this.zeroAnswer('ZI', true));
      case 'T':
        return this.whenStable(() => this.send(this.tareAnswer('T', false)));
      case 'TI':
        return this.send(this.tareAnswer('TI', true));
      case 'TA':
        // FR-142: a level-0 balance does not know TA (`ES`); a silent one does not answer.
        if (args.length === 0 && this.balance.tareQuery === 'silent') return;
        if (args.length === 0 && this.balance.tareQuery === 'not-understood') return this.send('ES');
        return this.send(this.tarePreset(args));
      case 'TAC':
        this.balance.clearTare();
        return this.send('TAC A');
      default:
        return this.send('ES');
    }
  }

  /** `S S      12.3450 g`: the value right-aligned in 10 characters. */
  private weightLine(id: string, stableOnly: boolean): string {
    const shown = this.balance.display();
    if (shown.kind === 'overload') return `${id} +`;
    if (shown.kind === 'underload') return `${id} -`;
    if (stableOnly && !shown.stable) return `${id} I`;
    return `${id} ${shown.stable ? 'S' : 'D'} ${formatValue(shown.net)}`;
  }

  private zeroAnswer(id: 'Z' | 'ZI', immediate: boolean): string {
    const stableBefore = this.balance.isStable();
    const r = this.balance.zero(immediate);
    if (r.ok) return id === 'Z' ? 'Z A' : `ZI ${stableBefore ? 'S' : 'D'}`;
    return `${id} ${r.reason === 'range-high' || r.reason === 'overload' ? '+' : r.reason === 'not-stable' ? 'I' : '-'}`;
  }

  private tareAnswer(id: 'T' | 'TI', immediate: boolean): string {
    const stableBefore = this.balance.isStable();
    const r = this.balance.tareNow(immediate);
    if (r.ok) return `${id} ${id === 'T' || stableBefore ? 'S' : 'D'} ${formatValue(r.value)}`;
    return `${id} ${r.reason === 'range-high' || r.reason === 'overload' ? '+' : r.reason === 'not-stable' ? 'I' : '-'}`;
  }

  private tarePreset(args: string[]): string {
    if (args.length === 0) return `TA A ${formatValue(this.balance.tare)}`;
    const m = massArg(args.join(' '));
    if (!m) return 'TA L';
    const r = this.balance.presetTare(m);
    return r.ok ? `TA A ${formatValue(r.value)}` : 'TA L';
  }
}

function formatValue(m: Mass): string {
  return `${m.amount.padStart(10, ' ')} ${m.unit}`;
}
