/**
 * FR-154: the station's way out of a tare or zero it did not make. A balance that holds a tare
 * (BALANCE_HOLDS_TARE: left from a weighing, or set on its keys) or whose zero moved on its keys
 * with a load on the pan (BALANCE_ZERO_UNRECORDED) refuses every weight read against its zero;
 * until FR-154 no station command could clear it, so the operator was left pressing the balance's
 * keys — the very unrecorded act the refusal is about. Now the operator, the pan empty, asks the
 * station to clear the tare and zero the balance (MT-SICS `TAC` + `Z`, A&D `PT:` 0 + `Z`; a balance
 * the station cannot ask its tare, SBI and generic print, is refused and cleared on its own keys), and the station records who did it, what was sent and the balance's
 * tare before and after (`balance.tare_cleared`, booth-level). The balance is asked again after
 * the commands: a tare it still holds is recorded as found and refused (BALANCE_HOLDS_TARE).
 *
 * Not while a weighing on the balance stands on the station's tare (a step with a tare on record
 * and no capture yet): clearing it would make that capture read the container and its contents
 * on a balance whose stream or protocol may not show it (DEVICE_BUSY, recorded).
 *
 * The effect comes before its record here (the entry holds the tare after); a record the ledger
 * refuses leaves a balance zeroed with no entry, which makes no weight lie (the next weighing is
 * still checked), and the operator gets the ledger's typed error.
 */
import { ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { BalancePort, BalanceReading } from '../../../src-core/order/balance-port.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { tareHeld } from '../../../src-core/order/tare-check.ts';
import { formatMass, type Mass } from '../../../src-shared/mass.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';

const OPERATING: readonly Role[] = ['operator', 'supervisor'];
const COMMAND = 'balances.clearTare';

export interface BalanceTareDeps {
  ledger: Ledger;
  auth: AuthService;
  masterData: MasterDataReader;
  balances: BalancePort;
  orderState(batchNumber: string): OrderState;
  ordersInProgress(): string[];
}

export interface TareCleared {
  readonly seq: number;
  readonly commands: string[];
  /** The tare the balance holds after (0 when cleared); null where it cannot be asked. */
  readonly tareAfter: Mass | null;
}

export class BalanceTareService {
  constructor(private readonly deps: BalanceTareDeps) {}

  async clearTare(sessionId: string, balanceId: string): Promise<Result<TareCleared>> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const actor = active.value.user.userId;
    if (!this.deps.masterData.get('balance', balanceId)) return this.refuse(actor, { code: 'BALANCE_UNKNOWN', message: `balance ${balanceId} is not in the station's master data`, details: { balanceId } });
    const busy = this.busyError(balanceId);
    if (busy) return this.refuse(actor, busy, String(busy.details?.['batchNumber']));
    const before = await this.deps.balances.tareState(balanceId, { restart: false });
    if (!before.ok) return this.refuse(actor, before.error);
    // FR-154: a weighing may have been tared on this balance while the commands went out: asked
    // again right before the zero (the bench and the driver run it synchronously before `Z`).
    const cleared = await this.deps.balances.clearTare(balanceId, { beforeZero: () => this.busyError(balanceId) });
    // FR-154: a clear stopped on the way (the pan not empty, a command failed) may have sent
    // commands already (the tare cleared, not zeroed): recorded as what it did, then refused.
    const sent = cleared.ok ? cleared.value.commands : sentOf(cleared.error);
    if (!cleared.ok && sent.length === 0) return this.refuse(actor, cleared.error);
    const afterAsked = await this.deps.balances.tareState(balanceId, { restart: false });
    if (!afterAsked.ok && cleared.ok) return this.refuse(actor, afterAsked.error);
    const b = before.value;
    const a = afterAsked.ok ? afterAsked.value : { by: [], tare: null, seen: [] };
    const gross = cleared.ok ? cleared.value.gross : grossOf(cleared.error);
    const appended = this.deps.ledger.append([
      {
        type: 'balance.tare_cleared',
        actor,
        batchRef: null,
        payload: {
          balanceId,
          commands: [...sent],
          before: { by: [...b.by], tare: b.by.includes('tare-query') ? b.tare : null, keyPresses: (b.sinceZero ?? []).filter((k) => k.by !== 'station').slice(0, 20).map((k) => ({ before: k.before, after: k.after })) },
          after: { by: [...a.by], tare: a.by.includes('tare-query') ? a.tare : null },
          gross,
          ...(cleared.ok ? {} : { refused: { code: cleared.error.code, message: cleared.error.message.slice(0, 2000) } }),
        },
      },
    ]);
    if (!appended.ok) return appended;
    const seq = appended.value[0]!.seq;
    if (!cleared.ok) return { ok: false, error: { ...cleared.error, message: `${cleared.error.message} (recorded in entry ${seq})`, details: { ...cleared.error.details, seq } } };
    const still = tareHeld(a).held;
    if (still) {
      return { ok: false, error: { code: 'BALANCE_HOLDS_TARE', message: `balance ${balanceId} still holds a tare of ${formatMass(still.mass)} after the station cleared it (recorded in entry ${seq}): check the balance`, details: { balanceId, balanceTare: still.mass, seq } } };
    }
    return ok({ seq, commands: [...sent], tareAfter: a.by.includes('tare-query') ? (a.tare?.mass ?? null) : null });
  }

  private busyError(balanceId: string): BatchlineError | null {
    const busy = this.weighingOn(balanceId);
    if (!busy) return null;
    return {
      code: 'DEVICE_BUSY',
      message: `balance ${balanceId} holds the station's tare for step ${busy.stepId} of batch ${busy.batchNumber}: capture the weight or tare again there; its tare is not cleared under it`,
      details: { balanceId, ...busy },
    };
  }

  /** A weigh step standing on the station's tare on this balance (tared, not yet captured). */
  private weighingOn(balanceId: string): { batchNumber: string; stepId: string } | null {
    for (const batchNumber of this.deps.ordersInProgress()) {
      const s = this.deps.orderState(batchNumber);
      const step = s.steps[s.stepIndex];
      if (step?.progress.kind !== 'weigh') continue;
      const w = step.progress;
      if (w.balance?.balanceId === balanceId && w.tare !== null && (w.phase === 'need-capture' || w.phase === 'out-of-tolerance')) return { batchNumber, stepId: step.planned.step.stepId };
    }
    return null;
  }

  private refuse(actor: string, error: BatchlineError, batchRef: string | null = null): Result<never> {
    const r = this.deps.ledger.append([{ type: 'engine.command_refused', actor, batchRef, payload: { command: COMMAND, stepId: null, code: error.code, message: error.message } }]);
    return r.ok ? { ok: false, error } : r;
  }
}

const COMMANDS = new Set(['tare-clear', 'tare-preset 0', 'zero']);

/** FR-154: the commands a refused clear had already sent (the port puts them in its details). */
function sentOf(e: BatchlineError): ('tare-clear' | 'tare-preset 0' | 'zero')[] {
  const c = e.details?.['commands'];
  return Array.isArray(c) ? c.filter((x): x is 'tare-clear' | 'tare-preset 0' | 'zero' => typeof x === 'string' && COMMANDS.has(x)) : [];
}

function grossOf(e: BatchlineError): BalanceReading | null {
  const g = e.details?.['gross'] as BalanceReading | null | undefined;
  return g && typeof g === 'object' && 'mass' in g ? g : null;
}
