/**
 * The control language of a running simulator, one command per line (stdin of
 * `batchline simulate balance`, or a test harness):
 *   place <amount> <unit>     put a container or material on the pan   (place 52.3 g)
 *   remove [<amount> <unit>]  take it off again; without amount, clear the pan
 *   unstable on|off           vibration/draught: the reading never settles
 *   settle <ms>               settling time after a load change
 *   drift <amount> <unit>     creep of the indication per minute
 *   slow <ms>                 delay every answer (a slow balance)
 *   pan off|on                lift the pan (underload) / put it back
 *   unplug | plug             pull the cable (silence both ways) / put it back
 *   key tare|zero             press the balance's own TARE or ZERO key (FR-142: the station did not ask)
 *   tare-query answers|not-understood|silent
 *                             how TA / ?PT is answered (FR-142: a balance without the query, a silent one)
 *   reset                     empty pan, no tare, original zero, no faults
 *   status                    print what the display shows
 *   quit                      stop the simulator
 * Each command answers one line: `ok ...` or `error ...`.
 */
import { formatMass } from '../../../src-shared/mass.ts';
import { massArg, TARE_QUERY_ANSWERS, type SimulatedBalance } from './simulated-balance.ts';

export type ControlOutcome = { readonly reply: string; readonly quit?: boolean };

export function applyControl(balance: SimulatedBalance, line: string, hooks: { unplug?(): void; plug?(): void } = {}): ControlOutcome {
  const [verb = '', ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  const onOff = (v: string) => (v === 'on' ? true : v === 'off' ? false : null);
  switch (verb) {
    case '':
      return { reply: 'ok' };
    case 'place':
    case 'remove': {
      if (verb === 'remove' && arg === '') {
        balance.remove();
        return { reply: 'ok pan cleared' };
      }
      const m = massArg(arg);
      if (!m) return { reply: `error "${arg}" is not a mass such as "52.3 g"` };
      if (verb === 'place') balance.place(m);
      else balance.remove(m);
      return { reply: `ok ${verb}d ${formatMass(m)}` };
    }
    case 'unstable':
    case 'pan': {
      const v = onOff(arg);
      if (v === null) return { reply: `error ${verb} takes on|off` };
      if (verb === 'unstable') balance.unstable = v;
      else balance.panOff = !v;
      return { reply: `ok ${verb} ${arg}` };
    }
    case 'settle':
    case 'slow': {
      const ms = Number(arg);
      if (!/^\d+$/.test(arg) || ms > 600_000) return { reply: `error ${verb} takes milliseconds` };
      if (verb === 'settle') balance.settlingMs = ms;
      else balance.replyDelayMs = ms;
      return { reply: `ok ${verb} ${ms}` };
    }
    case 'drift': {
      const m = massArg(arg);
      if (!m) return { reply: 'error drift takes a mass per minute such as "0.0002 g"' };
      balance.driftPerMinute = m;
      return { reply: `ok drift ${formatMass(m)}/min` };
    }
    case 'unplug':
      balance.unplugged = true;
      hooks.unplug?.();
      return { reply: 'ok unplugged' };
    case 'plug':
      balance.unplugged = false;
      hooks.plug?.();
      return { reply: 'ok plugged' };
    case 'key': {
      // FR-142: the operator's hand on the balance, not a command on the line; refused as the
      // balance refuses it (not settled, out of zero range), said as the balance would show it.
      if (arg !== 'tare' && arg !== 'zero') return { reply: 'error key takes tare|zero' };
      const r = arg === 'tare' ? balance.tareNow() : balance.zero();
      return { reply: r.ok ? `ok key ${arg}` : `error key ${arg}: ${r.reason}` };
    }
    case 'tare-query': {
      const answer = TARE_QUERY_ANSWERS.find((a) => a === arg);
      if (!answer) return { reply: `error tare-query takes ${TARE_QUERY_ANSWERS.join('|')}` };
      balance.tareQuery = answer;
      return { reply: `ok tare-query ${answer}` };
    }
    case 'reset':
      balance.reset();
      return { reply: 'ok reset' };
    case 'status': {
      const s = balance.display();
      const text = s.kind === 'weight' ? `${formatMass(s.net)} ${s.stable ? 'stable' : 'unstable'}` : s.kind;
      return { reply: `ok ${text}${balance.unplugged ? ' (unplugged)' : ''}` };
    }
    case 'quit':
    case 'exit':
      return { reply: 'ok bye', quit: true };
    default:
      return { reply: `error unknown command "${verb}"` };
  }
}
