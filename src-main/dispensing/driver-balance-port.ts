/**
 * Binds the engine's BalancePort to the device layer: one BalanceDriver (any protocol, any
 * cable) per balance id from master data. Readings keep the driver's raw line.
 */
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import { formatMass, isZeroMass } from '../../src-shared/mass.ts';
import { isLoad } from '../devices/balance/key-tare-watch.ts';
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
      const sinceZero = by.includes('stream') ? d.value.keyTaresSinceZero().map((c) => ({ before: toReading(c.before), after: toReading(c.after), change: c.change, ...(c.by ? { by: c.by } : {}) })) : [];
      if (restart) d.value.restartKeyWatch();
      return ok({ by, tare, seen, ...(by.includes('stream') ? { sinceZero } : {}), ...(unsure.length > 0 ? { unsure } : {}) });
    },
    // FR-154: clear the tare, then zero, the pan empty. MT-SICS `TAC` then `Z`; A&D has no clear
    // command (its RE-ZERO key `Z` zeroes the display), so a model with preset tare (`?PT`) gets
    // the preset tare 0 (`PT:`) first; a balance the station cannot ask its tare (SBI, generic
    // print) is refused below. The driver forgets the key presses once zeroed.
    async clearTare(balanceId, options) {
      const d = driver(balanceId);
      if (!d.ok) return d;
      const commands: string[] = [];
      let gross: BalanceReading | null = null;
      // FR-154: a refusal says what already went out (and the gross read), for the record.
      const refused = (e: BatchlineError): Result<never> => ({ ok: false, error: { ...e, details: { ...e.details, balanceId, commands: [...commands], gross } } });
      // A balance the station cannot ask its tare (SBI, generic print) reads
      // net of any tare it holds, so an empty pan cannot be told from a tared container on it:
      // zeroing there could zero a container away (review of FR-154). Nothing is sent.
      if (!d.value.tareDetection.includes('tare-query')) {
        return refused({ code: 'DEVICE_COMMAND_UNSUPPORTED', message: `balance ${balanceId} cannot clear its tare from the station or tell the station what it holds: clear the tare on the balance's own keys with the pan empty`, details: {} });
      }
      const cleared = await d.value.clearTare();
      if (cleared.ok) commands.push('tare-clear');
      else if (cleared.error.code !== 'DEVICE_COMMAND_UNSUPPORTED') return refused(cleared.error);
      else {
        const held = await d.value.queryTare();
        if (held.ok && !isZeroMass(held.value.mass)) {
          const preset = await d.value.tarePreset({ amount: held.value.mass.amount.replace(/^-/, '').replace(/\d/g, '0'), unit: held.value.mass.unit });
          commands.push('tare-preset 0');
          if (!preset.ok) return refused(preset.error);
        }
      }
      // FR-154: the tare cleared, the balance shows its gross: zero only an empty pan. A zero with
      // a load on it (the balance takes one within about 2 % of its capacity) would move every
      // later weight by the load, and forget the key presses that showed it.
      const g = await d.value.readStable();
      if (!g.ok) return refused(g.error);
      gross = toReading(g.value);
      if (isLoad(g.value)) return refused({ code: 'BALANCE_PAN_NOT_EMPTY', message: `balance ${balanceId} reads ${formatMass(g.value.mass)} with its tare cleared: empty the pan and clear again; it was not zeroed`, details: { reading: g.value.mass } });
      const stop = options?.beforeZero?.();
      if (stop) return refused(stop);
      const zeroed = await d.value.zero();
      commands.push('zero');
      if (!zeroed.ok) return refused(zeroed.error);
      if (zeroed.value.dynamic === true) return refused({ code: 'READING_NOT_STABLE', message: 'the balance zeroed while the weight moved: empty the pan, let it settle and clear again', details: {} });
      return ok({ commands, gross });
    },
  };
}
