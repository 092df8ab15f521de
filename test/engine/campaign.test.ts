/**
 * The dispensary's queue and campaigns (issue 17 item 1): open weigh lines across orders in a
 * booth grouped by material; one material weighed for several orders in a row, each weighing
 * recorded against its own order and line; changeovers between materials (or after a flagged
 * material) recorded before the next campaign; a hold time recorded on pre-weighed material.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { changeoverMissing } from '../../src-main/core/dispensary/changeover.ts';
import { layoutDispensedLabel } from '../../src-main/devices/label/label-layout.ts';
import { containerLabel } from '../../src-main/dispensing/zpl-label-port.ts';
import { DEMO_BOOTH, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo, view } from './engine-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());

const ORDERS = ['B-CMP-1', 'B-CMP-2', 'B-CMP-3'];

async function threeOrdersAt(stepId: string): Promise<void> {
  d = await makeDispensingStation();
  for (const b of ORDERS) {
    d.importOrder(b);
    await runTo(d, b, at(stepId, 'need-container'), undefined, { shareBooth: true });
  }
}

const refusals = () => d.station.ledger.query({ types: ['engine.command_refused'] }).map((e) => (e.payload as { command: string; code: string }));

describe('dispensing queue and campaigns', () => {
  it('FR-16 the booth queue shows the open weigh lines of every order, grouped by material', async () => {
    await threeOrdersAt('S11');
    const q = d.station.campaigns.queue(DEMO_BOOTH);
    const para = q.groups.find((g) => g.materialCode === 'API-PARA')!;
    expect(para.lines.map((l) => [l.batchNumber, l.stepId, l.status])).toEqual(ORDERS.map((b) => [b, 'S11', 'active']));
    const mcc = q.groups.find((g) => g.materialCode === 'EXC-MCC')!;
    expect(mcc.lines.map((l) => [l.batchNumber, l.status])).toEqual(ORDERS.map((b) => [b, 'pending']));
    // Six materials, each open in all three orders.
    expect(q.groups).toHaveLength(6);
    expect(q.campaign).toBeNull();
    expect(q.changeover).toEqual([]);
  });

  it('FR-16 a campaign weighs one material for three orders in a row, each weighing recorded against its own order and line', async () => {
    await threeOrdersAt('S11');
    const s = d.login('op.li');
    const c = d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ORDERS });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.orders.map((o) => [o.batchNumber, o.lineId, o.active, o.complete])).toEqual(ORDERS.map((b) => [b, 'L10', true, false]));
    for (const b of ORDERS) {
      await runTo(d, b, at('S12'), undefined, { sessionId: s });
      const weighed = d.station.ledger.query({ batchRef: b, types: ['dispense.weighed'] });
      expect(weighed.length).toBeGreaterThan(0);
      expect(weighed.every((e) => (e.payload as { lineId: string }).lineId === 'L10')).toBe(true);
    }
    expect(d.station.campaigns.openCampaign(DEMO_BOOTH)!.orders.every((o) => o.complete)).toBe(true);
    // Each order's batch record names the campaign on its weigh step, in both languages.
    const rec = buildBatchRecord('B-CMP-2', d.station.ledger.query({ batchRef: 'B-CMP-2' }), { user: (id) => d.station.users.byId(id) });
    const joined = rec.steps.find((x) => x.stepId === 'S11')!.events.find((e) => e.type === 'campaign.order_joined')!;
    const line = describeEntry(joined.type, joined.data);
    expect(renderRecordLine(line, 'en')).toBe(`Weighed in campaign ${c.value.campaignId} of API-PARA in ${DEMO_BOOTH} (order 2 of 3)`);
    expect(renderRecordLine(line, 'zh-CN')).toBe(`在集中称量 ${c.value.campaignId}（物料 API-PARA，${DEMO_BOOTH}）中称量（第 2 个，共 3 个）`);
    expect(joined.summary).toContain(c.value.campaignId);
    const ended = d.station.campaigns.endCampaign(s, { boothId: DEMO_BOOTH, campaignId: c.value.campaignId });
    expect(ended.ok && ended.value).toMatchObject({ completed: ORDERS, open: [] });
    expect(d.station.campaigns.openCampaign(DEMO_BOOTH)).toBeNull();
  });

  it('FR-16 a campaign is refused while another is open, and for an order not at that material', async () => {
    await threeOrdersAt('S11');
    const s = d.login('op.li');
    expectRefused(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'EXC-MCC', batchNumbers: ORDERS }), 'CAMPAIGN_LINE_NOT_READY');
    expect(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ORDERS.slice(0, 2) }).ok).toBe(true);
    expectRefused(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ['B-CMP-3'] }), 'CAMPAIGN_OPEN');
    expectRefused(d.station.campaigns.endCampaign(s, { boothId: DEMO_BOOTH, campaignId: 'CMP-NONE' }), 'CAMPAIGN_UNKNOWN');
    expect(refusals().map((r) => [r.command, r.code])).toEqual([
      ['start-campaign', 'CAMPAIGN_LINE_NOT_READY'],
      ['start-campaign', 'CAMPAIGN_OPEN'],
      ['end-campaign', 'CAMPAIGN_UNKNOWN'],
    ]);
  });

  it('FR-17 a changeover is needed between materials: refused until cleaning and line clearance are recorded', async () => {
    await threeOrdersAt('S11');
    const s = d.login('op.li');
    const para = d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ORDERS });
    for (const b of ORDERS) await runTo(d, b, at('S20', 'need-container'), undefined, { sessionId: s });
    expect(d.station.campaigns.endCampaign(s, { boothId: DEMO_BOOTH, campaignId: para.ok ? para.value.campaignId : '' }).ok).toBe(true);
    expect(d.station.campaigns.queue(DEMO_BOOTH).changeover).toContainEqual({ forMaterial: 'EXC-MCC', reason: 'material-change', recorded: false });
    expectRefused(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'EXC-MCC', batchNumbers: ORDERS }), 'CHANGEOVER_REQUIRED');
    expectRefused(d.station.campaigns.recordChangeover(s, { boothId: DEMO_BOOTH, toMaterial: 'EXC-MCC', cleaningConfirmed: true, lineClearanceConfirmed: false, comment: null }), 'CHECKLIST_INCOMPLETE');
    // A changeover to another material does not clear the booth for this one.
    expect(d.station.campaigns.recordChangeover(s, { boothId: DEMO_BOOTH, toMaterial: 'EXC-PVP', cleaningConfirmed: true, lineClearanceConfirmed: true, comment: null }).ok).toBe(true);
    expectRefused(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'EXC-MCC', batchNumbers: ORDERS }), 'CHANGEOVER_REQUIRED');
    const co = d.station.campaigns.recordChangeover(s, { boothId: DEMO_BOOTH, toMaterial: 'EXC-MCC', cleaningConfirmed: true, lineClearanceConfirmed: true, comment: 'wet clean, visually checked' });
    expect(co.ok).toBe(true);
    const mcc = d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'EXC-MCC', batchNumbers: ORDERS });
    expect(mcc.ok).toBe(true);
    const started = d.station.ledger.query({ types: ['campaign.started'] }).at(-1)!;
    expect(started.payload).toMatchObject({ materialCode: 'EXC-MCC', previousMaterial: 'API-PARA', changeoverSeq: co.ok ? co.value.seq : -1 });
    const change = d.station.ledger.query({ types: ['booth.changeover_recorded'] }).at(-1)!;
    expect(renderRecordLine(describeEntry(change.type, change.payload), 'en')).toBe(`Changeover of ${DEMO_BOOTH} recorded, API-PARA to EXC-MCC (material change): cleaned and line cleared`);
    expect(renderRecordLine(describeEntry(change.type, change.payload), 'zh-CN')).toBe(`${DEMO_BOOTH} 换批已记录，从 API-PARA 到 EXC-MCC（物料变更）：已清洁并清场`);
  });

  it('FR-17 the changeover rule: none for the first campaign or the same material, always after a flagged material', () => {
    const after = (materialCode: string, flag: boolean) => ({ lastCampaign: { materialCode, changeoverAfterEachCampaign: flag, startedSeq: 10, endedSeq: 20 }, lastChangeover: null });
    expect(changeoverMissing({ lastCampaign: null, lastChangeover: null }, 'A')).toBeNull();
    expect(changeoverMissing(after('A', false), 'A')).toBeNull();
    expect(changeoverMissing(after('A', false), 'B')).toBe('material-change');
    expect(changeoverMissing(after('A', true), 'A')).toBe('material-flag');
    // Only a changeover recorded after the campaign ended, naming the next material, counts.
    expect(changeoverMissing({ ...after('A', true), lastChangeover: { seq: 15, toMaterial: 'A' } }, 'A')).toBe('material-flag');
    expect(changeoverMissing({ ...after('A', true), lastChangeover: { seq: 21, toMaterial: 'A' } }, 'A')).toBeNull();
  });

  it('FR-17 a material flagged for a changeover after each campaign needs one even before itself again', async () => {
    await threeOrdersAt('S11');
    d.revise('material', 'API-PARA', { changeoverAfterEachCampaign: true });
    const s = d.login('op.li');
    const first = d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ['B-CMP-1'] });
    expect(first.ok && d.station.campaigns.endCampaign(s, { boothId: DEMO_BOOTH, campaignId: first.value.campaignId }).ok).toBe(true);
    expectRefused(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ['B-CMP-2', 'B-CMP-3'] }), 'CHANGEOVER_REQUIRED');
    expect(d.station.campaigns.recordChangeover(s, { boothId: DEMO_BOOTH, toMaterial: 'API-PARA', cleaningConfirmed: true, lineClearanceConfirmed: true, comment: null }).ok).toBe(true);
    expect(d.station.campaigns.startCampaign(s, { boothId: DEMO_BOOTH, materialCode: 'API-PARA', batchNumbers: ['B-CMP-2', 'B-CMP-3'] }).ok).toBe(true);
    const change = d.station.ledger.query({ types: ['booth.changeover_recorded'] }).at(-1)!;
    expect(change.payload).toMatchObject({ fromMaterial: 'API-PARA', toMaterial: 'API-PARA', reason: 'material-flag' });
  });

  it('FR-16 an order not started for campaign work keeps the booth to itself', async () => {
    d = await makeDispensingStation();
    d.importOrder('B-ALONE');
    await runTo(d, 'B-ALONE', at('S11', 'need-container'));
    d.importOrder('B-OTHER');
    const s = d.login('op.li');
    expectRefused(await exec(d, s, 'B-OTHER', { type: 'start-order', boothId: DEMO_BOOTH }), 'BOOTH_IN_USE');
    expect((await exec(d, s, 'B-OTHER', { type: 'start-order', boothId: DEMO_BOOTH, shareBooth: true })).ok).toBe(true);
    expect(view(d, 'B-OTHER').status).toBe('in-progress');
  });

  it('FR-18 pre-weighed material with a hold time: the weighing records when the hold expires, shown in the record and on the label', async () => {
    d = await makeDispensingStation();
    d.revise('material', 'API-PARA', { holdTimeHours: 24 });
    d.importOrder('B-HOLD');
    await runTo(d, 'B-HOLD', at('S11', 'need-container'));
    const now = d.clock.now().getTime();
    await runTo(d, 'B-HOLD', at('S12'));
    const counted = d.station.ledger.query({ batchRef: 'B-HOLD', types: ['dispense.weighed'] }).at(-1)!;
    const hold = (counted.payload as { holdUntil?: string }).holdUntil!;
    expect(Date.parse(hold) - now).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(Date.parse(hold) - now).toBeLessThan(24 * 3_600_000 + 60_000);
    const text = renderRecordLine(describeEntry(counted.type, counted.payload), 'en', (iso) => `<${iso}>`);
    expect(text).toContain(`pre-weighed material on hold until <${hold}>`);
    // The dispensed container's label says until when, in the station's local time with its offset.
    await runTo(d, 'B-HOLD', at('S20'));
    const printed = d.station.ledger.query({ batchRef: 'B-HOLD', types: ['label.printed'] }).find((e) => (e.payload as { stepId: string }).stepId === 'S12')!;
    const labels = (printed.payload as { labels: Record<string, string>[] }).labels;
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(l.holdUntil).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/);
      expect(Date.parse(l.holdUntil!)).toBe(Date.parse(hold));
    }
    const layout = layoutDispensedLabel(containerLabel(labels[0]!));
    expect(layout.ok && layout.value.items.find((i) => 'field' in i && i.field === 'holdUntil')).toMatchObject({ text: expect.stringMatching(/^Hold until: \d{4}-\d{2}-\d{2} \d{2}:\d{2} [+-]\d{2}:\d{2}$/) });
    // A material without a hold time records none.
    await runTo(d, 'B-HOLD', at('S21'));
    const mcc = d.station.ledger.query({ batchRef: 'B-HOLD', types: ['dispense.weighed'] }).filter((e) => (e.payload as { lineId: string }).lineId === 'L20');
    expect(mcc.every((e) => !('holdUntil' in e.payload))).toBe(true);
  });
});
