/**
 * The simulated balance speaking the A&D standard format (see balance/and-standard.codec.ts):
 * Q/SI now, S stable, SIR continuous, C cancel, T tare, Z/R zero, PT: preset tare, ?PT, ?TN,
 * ?SN, ?ID; control commands acknowledged with <AK> (06h), failures as `EC,Ex`.
 */
import { massArg } from './simulated-balance.ts';
import { SimulatorFrontEnd } from './simulator-front-end.ts';
import type { Mass } from '../../../src-shared/mass.ts';

const AK = '\x06';

export class AndFrontEnd extends SimulatorFrontEnd {
  protected handle(raw: string): void {
    const command = raw.trim();
    if (command.startsWith('PT:')) return this.presetTare(command.slice(3));
    switch (command) {
      case 'Q':
      case 'SI':
        this.stopStream();
        return this.send(this.dataLine());
      case 'S':
        this.stopStream();
        return this.whenStable((stable) => this.send(stable ? this.dataLine() : 'EC,E3'));
      case 'SIR':
        this.startStream(() => this.sendNow(this.dataLine()));
        return;
      case 'C':
        this.stopStream();
        return this.send(AK);
      case 'T':
        return this.whenStable(() => {
          const r = this.balance.tareNow();
          this.send(r.ok ? AK : r.reason === 'not-stable' ? 'EC,E3' : 'EC,E2');
        });
      case 'Z':
      case 'R':
        return this.whenStable(() => {
          const r = this.balance.zero();
          this.send(r.ok ? AK : r.reason === 'not-stable' ? 'EC,E3' : 'EC,E2');
        });
      case '?PT':
        // FR-142: a model without preset tare does not know ?PT (`EC,E1`); a silent one does not answer.
        if (this.balance.tareQuery === 'silent') return;
        if (this.balance.tareQuery === 'not-understood') return this.send('EC,E1');
        return this.send(`PT,${data(this.balance.tare)}`);
      case '?TN':
        return this.send(`TN,${this.balance.config.model.padStart(8, ' ')}`);
      case '?SN':
        return this.send(`SN,${this.balance.config.serialNumber}`);
      case '?ID':
        return this.send('ID,LAB-0001');
      default:
        return this.send('EC,E1');
    }
  }

  private presetTare(arg: string): void {
    const m = massArg(arg.replace(/^([+-])0+(?=\d)/, '$1'));
    if (!m) return this.send('EC,E6');
    const r = this.balance.presetTare(m);
    this.send(r.ok ? AK : 'EC,E7');
  }

  dataLine(): string {
    const shown = this.balance.display();
    if (shown.kind === 'overload') return 'OL,+9999999E+19';
    if (shown.kind === 'underload') return 'OL,-9999999E+19';
    return `${shown.stable ? 'ST' : 'US'},${data(shown.net)}`;
  }
}

/** `+00123.45  g`: polarity sign, 8 characters with leading zeros, unit right-aligned in 3. */
function data(m: Mass): string {
  const sign = m.amount.startsWith('-') ? '-' : '+';
  return `${sign}${m.amount.replace(/^-/, '').padStart(8, '0')}${m.unit.padStart(3, ' ')}`;
}
