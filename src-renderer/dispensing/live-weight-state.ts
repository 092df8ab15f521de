/**
 * What the live weight may show right now, from the live store's entry and this screen's clock.
 * A weight is shown only while it is current: the balance is connected and its reading is no
 * older than the station's freshness window. Otherwise the weight is blanked and the reason is
 * shown instead (issue 18 item 5: a dead balance's last value stayed on screen as "stable,
 * within tolerance" for 12 s). Pure, so the rule is tested without a browser.
 */
import type { LiveBalance } from '../state/live-store.ts';

export interface LiveWeightView {
  /** The weight to show, or null for "—". */
  readonly net: LiveBalance['net'];
  readonly stable: boolean;
  /** i18n key of the notice shown beside the blanked or flagged weight, if any. */
  readonly notice: string | null;
}

export function liveWeightView(live: LiveBalance | undefined, nowMs: number): LiveWeightView {
  if (!live) return { net: null, stable: false, notice: null };
  if (live.state !== 'connected') return { net: null, stable: false, notice: `devices.states.${live.state}` };
  if (live.net === null || nowMs - live.receivedAt > live.freshForMs) return { net: null, stable: false, notice: 'weigh.noCurrentReading' };
  return { net: live.net, stable: live.stable, notice: live.status ? `weigh.${live.status}` : null };
}

/** FR-144: how long the warning of a key tare or zero stays beside the live weight (ms). */
export const KEY_TARE_NOTICE_MS = 30_000;

/** FR-144: the key tare or zero to warn of now, if the station saw one recently on this balance. */
export function keyTareNotice(live: LiveBalance | undefined, nowMs: number): LiveBalance['keyTare'] {
  const k = live?.keyTare ?? null;
  return k && nowMs - k.receivedAt <= KEY_TARE_NOTICE_MS ? k : null;
}

/** How often the screen re-checks a reading's age when nothing new arrives (ms). */
export const FRESHNESS_TICK_MS = 200;
