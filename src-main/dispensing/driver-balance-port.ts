/**
 * Binds the engine's BalancePort to the device layer: one BalanceDriver (any protocol, any
 * cable) per balance id from master data. Readings keep the driver's raw line.
 */
import { err, ok, type Result } from '../../src-shared/result.ts';
import { isZeroMass } from '../../src-shared/mass.ts';
import type { BalancePort, BalanceReading } from '../../src-core/order/balance-port.ts';
import type { BalanceDriver } from '../devices/balance/balance-driver.ts';
import type { WeightReading } from '../devices/balance/balance-message.ts';

const toReading = (r: WeightReading): BalanceReading => ({ mass: r.mass, stable: r.stable, raw: r.raw });

export function driverBalancePort(drivers: ReadonlyMap<string, BalanceDriver>): BalancePort {
  const driver = (balanceId: string): Result<BalanceDriver> => {
    const d = drivers.get(balanceId);
    return d ? ok(d) : err('BALANCE_UNKNOWN', `no balance driver is configured for ${balanceId}`, { balanceId });
  };
  return {
    async identify(balanceId) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      const id = await d.value.identify();
      return id.ok ? ok({ serialNumber: id.value.serialNumber ?? null }) : id;
    },
    async tare(balanceId) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      const t = await d.value.tare();
      if (!t.ok) return t;
      const tare = t.value.tare ? { mass: t.value.tare, stable: t.value.dynamic !== true, raw: `tare ${t.value.tare.amount} ${t.value.tare.unit}` } : null;
      return ok(t.value.dynamic === undefined ? { tare } : { tare, dynamic: t.value.dynamic });
    },
    async readStable(balanceId, timeoutMs) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      const r = await d.value.readStable(timeoutMs);
      return r.ok ? ok(toReading(r.value)) : r;
    },
    async readImmediate(balanceId) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      const r = await d.value.readImmediate();
      return r.ok ? ok(toReading(r.value)) : r;
    },
    // FR-142: asked where the balance can be (MT-SICS TA, A&D ?PT), watched where values stream.
    // A query that fails (not understood, no answer, busy) never fails the tare or the capture
    // it serves: the balance was not asked this time, and `by` says so in the record.
    async tareState(balanceId, { restart }) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      let by = [...d.value.tareDetection];
      let tare: BalanceReading | null = null;
      if (by.includes('tare-query')) {
        const t = await d.value.queryTare();
        if (t.ok) tare = toReading(t.value);
        else by = by.filter((x) => x !== 'tare-query');
      }
      const seen = by.includes('stream') ? d.value.keyTares().map((c) => ({ before: toReading(c.before), after: toReading(c.after), change: c.change })) : [];
      const unsure = by.includes('stream') ? d.value.keyTaresUnsure().map((c) => ({ before: toReading(c.before), after: toReading(c.after), change: c.change })) : [];
      const sinceZero = by.includes('stream') ? d.value.keyTaresSinceZero().map((c) => ({ before: toReading(c.before), after: toReading(c.after), change: c.change })) : [];
      if (restart) d.value.restartKeyWatch();
      return ok({ by, tare, seen, ...(by.includes('stream') ? { sinceZero } : {}), ...(unsure.length > 0 ? { unsure } : {}) });
    },
    // FR-154: clear the tare, then zero, the pan empty. MT-SICS `TAC` then `Z`; A&D has no clear
    // command (its RE-ZERO key `Z` zeroes the display), so a model with preset tare (`?PT`) gets
    // the preset tare 0 (`PT:`) first; SBI and generic print only zero (`ESC f3_` / configured),
    // which clears the tare on those balances. The driver forgets the key presses once zeroed.
    async clearTare(balanceId) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      const commands: string[] = [];
      const cleared = await d.value.clearTare();
      if (cleared.ok) commands.push('tare-clear');
      else if (cleared.error.code !== 'DEVICE_COMMAND_UNSUPPORTED') return cleared;
      else if (d.value.tareDetection.includes('tare-query')) {
        const held = await d.value.queryTare();
        if (held.ok && !isZeroMass(held.value.mass)) {
          const preset = await d.value.tarePreset({ amount: held.value.mass.amount.replace(/^-/, '').replace(/\d/g, '0'), unit: held.value.mass.unit });
          if (!preset.ok) return preset;
          commands.push('tare-preset 0');
        }
      }
      const zeroed = await d.value.zero();
      if (!zeroed.ok) return zeroed;
      if (zeroed.value.dynamic === true) return err('READING_NOT_STABLE', 'the balance zeroed while the weight moved: empty the pan, let it settle and clear again', { balanceId });
      commands.push('zero');
      return ok({ commands });
    },
  };
}
