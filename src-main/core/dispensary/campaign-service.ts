/**
 * Campaigns (issue 17 item 1): one material weighed for several orders in a row in one booth.
 * A campaign does not weigh anything itself: each weighing is the order's own engine command,
 * recorded against its own order and line. What the campaign records is the decision to weigh
 * these lines together, the changeover it relies on (cleaning and line clearance between
 * materials, or after a flagged material: changeover.ts), and its end. Refusals are recorded
 * as `engine.command_refused` entries (booth-level, no batch), like the engine's.
 */
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { LedgerEntry, NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import { changeoverMissing, changeoverNeeded, type BoothHistory } from './changeover.ts';
import { materialQueue, type MaterialGroup } from './material-queue.ts';

export interface CampaignDeps {
  ledger: Ledger;
  auth: AuthService;
  clock: Clock;
  masterData: MasterDataReader;
  /** The engine's folded order states (DispensingEngine.state) and the orders in progress. */
  orderState(batchNumber: string): OrderState;
  ordersInProgress(): string[];
}

export interface CampaignOrderView {
  batchNumber: string;
  stepId: string;
  lineId: string;
  /** The order's weigh step for this line is done. */
  complete: boolean;
  /** The order stands at this line now (the next to weigh in the campaign). */
  active: boolean;
}

export interface CampaignView {
  campaignId: string;
  boothId: string;
  materialCode: string;
  startedSeq: number;
  orders: CampaignOrderView[];
}

export interface BoothQueueView {
  boothId: string;
  groups: MaterialGroup[];
  campaign: CampaignView | null;
  /** The material of the booth's last campaign, and whether the next one needs a changeover. */
  lastMaterial: string | null;
  changeover: { forMaterial: string; reason: 'material-change' | 'material-flag'; recorded: boolean }[];
}

const OPERATING: readonly Role[] = ['operator', 'supervisor'];
const BOOTH_TYPES = ['campaign.started', 'campaign.ended', 'booth.changeover_recorded'];

export class CampaignService {
  constructor(private readonly deps: CampaignDeps) {}

  /** The booth's queue grouped by material, its open campaign, and the changeover each material would need. */
  queue(boothId: string): BoothQueueView {
    const states = this.deps.ordersInProgress().map((b) => this.deps.orderState(b));
    const groups = materialQueue(states, boothId, (code) => this.deps.masterData.get('material', code)?.data);
    const h = this.history(boothId);
    const changeover = groups.flatMap((g) => {
      const reason = changeoverNeeded(h, g.materialCode);
      return reason ? [{ forMaterial: g.materialCode, reason, recorded: changeoverMissing(h, g.materialCode) === null }] : [];
    });
    return { boothId, groups, campaign: this.openCampaign(boothId), lastMaterial: h.lastCampaign?.materialCode ?? null, changeover };
  }

  /** The booth's open campaign with where each of its orders stands. */
  openCampaign(boothId: string): CampaignView | null {
    const started = this.boothEntries(boothId).filter((e) => e.type === 'campaign.started');
    const last = started.at(-1);
    if (!last) return null;
    const p = last.payload as { campaignId: string; materialCode: string; orders: { batchNumber: string; stepId: string; lineId: string }[] };
    if (this.ended(p.campaignId)) return null;
    return {
      campaignId: p.campaignId,
      boothId,
      materialCode: p.materialCode,
      startedSeq: last.seq,
      orders: p.orders.map((o) => {
        const step = this.deps.orderState(o.batchNumber).steps.find((s) => s.planned.step.stepId === o.stepId);
        return { ...o, complete: step?.status === 'done', active: step?.status === 'active' };
      }),
    };
  }

  startCampaign(sessionId: string, input: { boothId: string; materialCode: string; batchNumbers: string[] }): Result<CampaignView> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const actor = active.value.user.userId;
    const { boothId, materialCode } = input;
    const batchNumbers = [...new Set(input.batchNumbers)];
    const refuse = (e: BatchlineError) => this.refuse(actor, 'start-campaign', e);
    if (batchNumbers.length === 0) return refuse({ code: 'INPUT_INVALID', message: 'a campaign needs at least one order' });
    const open = this.openCampaign(boothId);
    if (open) return refuse({ code: 'CAMPAIGN_OPEN', message: `campaign ${open.campaignId} of ${open.materialCode} is still open in ${boothId}: end it first`, details: { campaignId: open.campaignId } });
    const lines: { batchNumber: string; stepId: string; stepIndex: number; lineId: string }[] = [];
    for (const batchNumber of batchNumbers) {
      const s = this.deps.orderState(batchNumber);
      const step = s.status === 'in-progress' && s.boothId === boothId ? s.steps[s.stepIndex] : undefined;
      const w = step?.progress.kind === 'weigh' ? step.progress : null;
      const line = w ? s.plan?.lines.find((l) => l.lineId === w.lineId) : undefined;
      if (!step || !w || !line || line.materialCode !== materialCode || w.phase !== 'need-container' || w.portion !== 1) {
        return refuse({
          code: 'CAMPAIGN_LINE_NOT_READY',
          message: `order ${batchNumber} is not at the start of a weighing of ${materialCode} in ${boothId}`,
          details: { batchNumber, materialCode, boothId },
        });
      }
      lines.push({ batchNumber, stepId: step.planned.step.stepId, stepIndex: step.index, lineId: w.lineId });
    }
    const h = this.history(boothId);
    const missing = changeoverMissing(h, materialCode);
    if (missing) {
      return refuse({
        code: 'CHANGEOVER_REQUIRED',
        message: `${boothId} last weighed ${h.lastCampaign!.materialCode}: record cleaning and line clearance before ${materialCode} (${missing})`,
        details: { boothId, previousMaterial: h.lastCampaign!.materialCode, materialCode, reason: missing },
      });
    }
    const material = this.deps.masterData.get('material', materialCode)?.data;
    const campaignId = `CMP-${boothId}-${this.deps.clock.now().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}`;
    const entries: NewEntry[] = [
      {
        type: 'campaign.started',
        actor,
        batchRef: null,
        payload: {
          campaignId,
          boothId,
          materialCode,
          orders: lines.map(({ batchNumber, stepId, lineId }) => ({ batchNumber, stepId, lineId })),
          previousMaterial: h.lastCampaign?.materialCode ?? null,
          changeoverSeq: changeoverNeeded(h, materialCode) ? h.lastChangeover!.seq : null,
          holdTimeHours: material?.holdTimeHours ?? null,
        },
      },
      ...lines.map((l, i) => ({
        type: 'campaign.order_joined',
        actor,
        batchRef: l.batchNumber,
        payload: { campaignId, boothId, materialCode, stepId: l.stepId, stepIndex: l.stepIndex, lineId: l.lineId, position: i + 1, of: lines.length },
      })),
    ];
    const r = this.deps.ledger.append(entries);
    if (!r.ok) return r;
    return ok(this.openCampaign(boothId)!);
  }

  recordChangeover(sessionId: string, input: { boothId: string; toMaterial: string; cleaningConfirmed: boolean; lineClearanceConfirmed: boolean; comment: string | null }): Result<{ seq: number }> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const actor = active.value.user.userId;
    const refuse = (e: BatchlineError) => this.refuse(actor, 'record-changeover', e);
    if (!this.deps.masterData.get('booth', input.boothId)) return refuse({ code: 'BOOTH_UNKNOWN', message: `booth ${input.boothId} is not in the station's master data`, details: { boothId: input.boothId } });
    if (!input.cleaningConfirmed || !input.lineClearanceConfirmed) {
      return refuse({ code: 'CHECKLIST_INCOMPLETE', message: 'a changeover needs both the cleaning and the line clearance confirmed', details: { boothId: input.boothId } });
    }
    const open = this.openCampaign(input.boothId);
    if (open) return refuse({ code: 'CAMPAIGN_OPEN', message: `campaign ${open.campaignId} is still open in ${input.boothId}: end it before the changeover`, details: { campaignId: open.campaignId } });
    const h = this.history(input.boothId);
    const reason = changeoverNeeded(h, input.toMaterial) ?? 'precaution';
    const r = this.deps.ledger.append([
      {
        type: 'booth.changeover_recorded',
        actor,
        batchRef: null,
        payload: { boothId: input.boothId, fromMaterial: h.lastCampaign?.materialCode ?? null, toMaterial: input.toMaterial, reason, cleaningConfirmed: true, lineClearanceConfirmed: true, comment: input.comment?.trim() || null },
      },
    ]);
    return r.ok ? ok({ seq: r.value[0]!.seq }) : r;
  }

  endCampaign(sessionId: string, input: { boothId: string; campaignId: string }): Result<{ seq: number; completed: string[]; open: string[] }> {
    const active = this.deps.auth.require(sessionId, OPERATING);
    if (!active.ok) return active;
    const actor = active.value.user.userId;
    const c = this.openCampaign(input.boothId);
    if (!c || c.campaignId !== input.campaignId) {
      return this.refuse(actor, 'end-campaign', { code: 'CAMPAIGN_UNKNOWN', message: `no open campaign ${input.campaignId} in ${input.boothId}`, details: { campaignId: input.campaignId } });
    }
    const completed = c.orders.filter((o) => o.complete).map((o) => o.batchNumber);
    const open = c.orders.filter((o) => !o.complete).map((o) => o.batchNumber);
    const r = this.deps.ledger.append([{ type: 'campaign.ended', actor, batchRef: null, payload: { campaignId: c.campaignId, boothId: c.boothId, materialCode: c.materialCode, completed, open } }]);
    return r.ok ? ok({ seq: r.value[0]!.seq, completed, open }) : r;
  }

  private history(boothId: string): BoothHistory {
    const entries = this.boothEntries(boothId);
    const started = entries.filter((e) => e.type === 'campaign.started').at(-1);
    const change = entries.filter((e) => e.type === 'booth.changeover_recorded').at(-1);
    let lastCampaign: BoothHistory['lastCampaign'] = null;
    if (started) {
      const p = started.payload as { campaignId: string; materialCode: string };
      const ended = this.ended(p.campaignId);
      const material = this.deps.masterData.get('material', p.materialCode)?.data;
      lastCampaign = { materialCode: p.materialCode, changeoverAfterEachCampaign: material?.changeoverAfterEachCampaign ?? false, startedSeq: started.seq, endedSeq: ended?.seq ?? null };
    }
    return { lastCampaign, lastChangeover: change ? { seq: change.seq, toMaterial: (change.payload as { toMaterial: string }).toMaterial } : null };
  }

  private ended(campaignId: string): LedgerEntry | undefined {
    return this.deps.ledger.query({ types: ['campaign.ended'], limit: Number.MAX_SAFE_INTEGER }).find((e) => (e.payload as { campaignId: string }).campaignId === campaignId);
  }

  private boothEntries(boothId: string): LedgerEntry[] {
    return this.deps.ledger.query({ types: BOOTH_TYPES, limit: Number.MAX_SAFE_INTEGER }).filter((e) => (e.payload as { boothId?: string }).boothId === boothId);
  }

  private refuse(actor: string, command: string, error: BatchlineError): Result<never> {
    const r = this.deps.ledger.append([{ type: 'engine.command_refused', actor, batchRef: null, payload: { command, stepId: null, code: error.code, message: error.message } }]);
    // FR-137: a refusal the ledger cannot take (the clock set back, the GMP gate, a full disk)
    // is the ledger's typed error; the command is refused either way, never a throw.
    if (!r.ok) return r;
    return { ok: false, error };
  }
}
