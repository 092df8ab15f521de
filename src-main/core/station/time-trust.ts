/**
 * Trusted time (COMPLIANCE.md A11-22, DI-03, attack 1). At every contact the sync client hands
 * the hub's time (its Date header, or a time field it already receives) to `compare`; beyond the
 * configured drift the station enters "time not trusted", records that in the ledger, and by
 * default blocks GMP work (policy "block"); with policy "flag" work goes on and the record shows
 * the untrusted period for review. When the clocks agree again it records that too.
 *
 * The state survives a restart: it is read back from the newest time record in the ledger, so
 * switching the PC off and on does not make an untrusted clock trusted.
 */
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { BatchlineError } from '../../../src-shared/result.ts';
import type { TimeSettings } from '../../../src-shared/settings/station-settings.ts';

export interface TimeTrustState {
  trusted: boolean;
  policy: TimeSettings['untrustedPolicy'];
  /** Station minus hub, seconds, at the last comparison (null before the first). */
  driftSeconds: number | null;
}

export class TimeTrust {
  private trusted: boolean;
  private drift: number | null = null;
  /**
   * The `station.time_trusted` entry that made `trusted` true in this process (FR-137): an
   * outer transaction of the station's connection may still roll it back, so while it is set
   * every read checks it is in the ledger as written and otherwise reads the state from the
   * ledger again. (`trusted` set false ahead of the ledger, when an untrusted entry is refused or
   * rolled back, is the safe direction and kept: the next comparison within the limit records
   * the clock trusted again.)
   */
  private trustedBy: { seq: number; hash: string } | null = null;

  constructor(
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly settings: () => TimeSettings,
  ) {
    this.trusted = this.fromLedger();
  }

  /** The last trust entry decides; the drift it measured is shown after a restart too. */
  private fromLedger(): boolean {
    const last = this.ledger.query({ types: ['station.time_untrusted', 'station.time_trusted'], limit: 1_000_000 }).at(-1);
    const drift = Number(last?.payload.driftSeconds);
    if (last && Number.isFinite(drift)) this.drift = drift;
    return last?.type !== 'station.time_untrusted';
  }

  private isTrusted(): boolean {
    if (this.trusted && this.trustedBy !== null && !this.ledger.holds(this.trustedBy)) {
      this.trustedBy = null;
      this.trusted = this.fromLedger();
    }
    return this.trusted;
  }

  /** The sync client's hook: the hub's clock as it answered. */
  compare(hubTime: Date): TimeTrustState {
    const now = this.clock.now();
    const drift = (now.getTime() - hubTime.getTime()) / 1000;
    this.drift = drift;
    const { maxDriftSeconds, untrustedPolicy } = this.settings();
    const withinLimit = Math.abs(drift) <= maxDriftSeconds;
    const times = { hubTime: hubTime.toISOString(), stationTime: now.toISOString(), driftSeconds: drift };
    if (!withinLimit && this.isTrusted()) {
      this.trusted = false;
      this.trustedBy = null;
      // If the clock was set back behind the last entry this append is refused too; the state
      // still changes, and the next entry the clock allows is blocked or flagged.
      this.ledger.append([{ type: 'station.time_untrusted', actor: null, payload: { ...times, maxDriftSeconds, policy: untrustedPolicy } }]);
    } else if (withinLimit && !this.isTrusted()) {
      const recorded = this.ledger.append([{ type: 'station.time_trusted', actor: null, payload: times }]);
      if (recorded.ok) {
        this.trusted = true;
        const entry = recorded.value[0]!;
        this.trustedBy = { seq: entry.seq, hash: entry.hash };
      }
    }
    return this.state();
  }

  state(): TimeTrustState {
    return { trusted: this.isTrusted(), policy: this.settings().untrustedPolicy, driftSeconds: this.drift };
  }

  /** Why GMP work is refused now, or null. */
  blocked(): BatchlineError | null {
    if (this.isTrusted() || this.settings().untrustedPolicy !== 'block') return null;
    return { code: 'STATION_TIME_UNTRUSTED', message: `the station clock differs from the hub's by ${this.drift === null ? 'more than allowed' : `${Math.round(this.drift)} s`}: GMP work is blocked until IT corrects it` };
  }
}
