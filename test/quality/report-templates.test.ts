/**
 * Report templates designed and versioned like recipes (issue 14 item 6), on one PGlite hub with
 * one synced station: every save a version, the template approval flow (the recipe flow's
 * machinery) takes it to effective by the signatures it names, an effective version never
 * changes (API and trigger), its successor needs an approved change control, the diff reads in
 * words (en, zh-CN); the effective batch-record template shapes the hub's PDF (read back with
 * pdftotext) and names itself in it, the effective label template reaches the station by the
 * master-data sync and shapes its ZPL. Also the recipe flow's gaps: a change of the flow is an
 * e-signature with a reason; a recipe refused for its schema version is fetched again once the
 * station understands it; the PDF prints the recipe version and content hash. Last (FR-113): the
 * template flow changed as the console's flow editor changes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { ok, unwrap } from '../../src-shared/result.ts';
import type { ChangeView } from '../../src-shared/quality/change-contract.ts';
import { DEFAULT_APPROVAL_FLOW, type FlowView, type RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { TemplateDiff, TemplateListItem, TemplateVersionSummary, TemplateVersionView } from '../../src-shared/reports/report-template-contract.ts';
import { DEFAULT_TEMPLATE_FLOW } from '../../src-shared/reports/template-flow.ts';
import { DEFAULT_BATCH_RECORD_TEMPLATE, DEFAULT_LABEL_TEMPLATE, type BatchRecordTemplate, type LabelTemplate } from '../../src-shared/reports/report-template.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { reportTemplateVersions } from '../../src-server/reports/report-template-schema.ts';
import { MasterDataService } from '../../src-main/core/master-data/master-data-service.ts';
import { sqliteMasterDataReader } from '../../src-main/db/master-data-repo.ts';
import { pullMasterData } from '../../src-main/sync/master-data-puller.ts';
import type { HubClient } from '../../src-main/sync/hub-client.ts';
import { zplLabelPort } from '../../src-main/dispensing/zpl-label-port.ts';
import type { LabelTransport } from '../../src-main/devices/label/label-transport.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { recordBatch } from './support/station-batch.ts';
import { storeUnsignableFlowVersion, withReviewBy } from './support/stored-flow.ts';
import { blendRecipe } from '../recipes/blend-recipe.ts';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { ErrorNotice } from '../../src-console/components/error-notice.tsx';
import { consoleEn } from '../../src-console/i18n/en.ts';
import { consoleZhCN } from '../../src-console/i18n/zh-CN.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

type Reply = { error?: { code: string; message: string; details?: Record<string, unknown> } } & Partial<TemplateVersionView>;

let q: QualityHub;
const dir = mkdtempSync(join(tmpdir(), 'batchline-templates-'));
const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
const code = (r: { body: { error?: { code: string } } }) => r.body.error?.code ?? 'accepted';
const save = (who: string, tpl: string, content: unknown, basedOn: number | null = null) => api<Reply>(who, 'POST', `/api/v1/report-templates/${tpl}/versions`, { content, basedOn, note: 'test' });
const sign = (who: string, tpl: string, version: number, body: Record<string, unknown>) => api<Reply>(who, 'POST', `/api/v1/report-templates/${tpl}/versions/${version}/transitions`, { password: HUB_PASSWORD, ...body });
/** The console's refusal notice as a reader in `locale` sees it (its own i18next instance: workers share modules). */
async function renderNotice(locale: 'en' | 'zh-CN', error: { code: string; message: string; details?: Record<string, unknown> }): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ErrorNotice, { error: error as BatchlineError })));
}
async function toEffective(tpl: string, version: number, changeId?: string): Promise<Reply> {
  await sign('qa.hub', tpl, version, { transition: 'review' });
  await sign('qa.second', tpl, version, { transition: 'approve' });
  await sign('qp.hub', tpl, version, { transition: 'approve' });
  return (await sign('qa.hub', tpl, version, { transition: 'make-effective', ...(changeId ? { changeId } : {}) })).body;
}

const BR: BatchRecordTemplate = {
  ...DEFAULT_BATCH_RECORD_TEMPLATE,
  title: { en: 'Weighing record Plant 2', 'zh-CN': '二号工厂称量记录' },
  siteName: 'Suzhou Plant 2',
  headerFields: ['site', 'batch', 'recipe', 'recipeHash', 'recordHash', 'printedBy', 'printedAt'],
  sections: ['signatures', 'steps', 'deviations', 'ipqc', 'labels', 'environment', 'refusals', 'changeHistory', 'hubSignatures', 'completed', 'order'],
  footer: { en: 'Controlled copy SOP-QA-017', 'zh-CN': '受控副本 SOP-QA-017' },
};
const LABEL: LabelTemplate = {
  fields: [
    { field: 'title', size: 'small' },
    { field: 'batch', size: 'large' },
    { field: 'material.code', size: 'medium' },
    { field: 'material.name', size: 'small' },
    { field: 'lot', size: 'medium' },
    { field: 'net', size: 'large' },
    { field: 'dispensedBy', size: 'small' },
    { field: 'dispensedAt', size: 'small' },
  ],
  barcodeModuleDots: 5,
};

beforeAll(async () => {
  q = await startQualityHub('pglite');
  await provisionHubUser(q.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
});
afterAll(async () => {
  await q?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report templates', () => {
  it('FR-99 every save is a version; the template flow takes it to effective by the signatures it names; an effective version never changes (API and trigger); a successor needs an approved change control; the diff reads in words', async () => {
    expect(code(await save('md.steward', 'batch-record', { ...BR, sections: BR.sections.filter((s) => s !== 'signatures') }))).toBe('TEMPLATE_INVALID');
    expect((await save('op.hub', 'batch-record', BR)).status).toBe(403);
    const v1 = await save('md.steward', 'batch-record', BR);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body).toMatchObject({ templateCode: 'batch-record', version: 1, state: 'draft', createdBy: 'md.steward' });
    expect(code(await sign('qa.hub', 'batch-record', 1, { transition: 'approve' }))).toBe('TEMPLATE_TRANSITION_OUT_OF_ORDER');
    expect(code(await sign('qp.hub', 'batch-record', 1, { transition: 'review' }))).toBe('TEMPLATE_SIGNER_ROLE_INVALID');
    expect(code(await sign('qa.hub', 'batch-record', 1, { transition: 'review', password: 'wrong' }))).toBe('SIGNATURE_PASSWORD_INVALID');
    const effective = await toEffective('batch-record', 1);
    expect(effective.state, JSON.stringify(effective)).toBe('effective');
    expect(effective.signatures!.map((s) => `${s.transition}:${s.username}`)).toEqual(['review:qa.hub', 'approve:qa.second', 'approve:qp.hub', 'make-effective:qa.hub']);
    expect(effective.signatures!.every((s) => s.valid)).toBe(true);

    const edit = await api<Reply>('md.steward', 'PUT', '/api/v1/report-templates/batch-record/versions/1', { content: BR });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toMatchObject({ code: 'TEMPLATE_VERSION_IMMUTABLE', details: { state: 'effective' } });
    const db = q.hub.hub.services.ctx.db;
    const refused = async (query: Promise<unknown>, why: RegExp) => {
      const e = (await query.then(() => null, (x: unknown) => x)) as { message?: string; cause?: { message?: string } } | null;
      expect(e, 'the database accepted it').not.toBeNull();
      expect(e!.cause?.message ?? e!.message).toMatch(why);
    };
    await refused(db.execute(sql`update report_template_versions set note = 'x' where template_code = 'batch-record' and version = 1`), /effective and never changes/);
    await refused(db.execute(sql`delete from report_template_steps`), /append-only|never/);

    const v2 = await save('qa.second', 'batch-record', { ...BR, sections: ['steps', 'signatures', ...BR.sections.filter((s) => s !== 'steps' && s !== 'signatures')], footer: { ...BR.footer, en: 'Controlled copy SOP-QA-018' } }, 1);
    expect(v2.body.version).toBe(2);
    const diff = (await api<TemplateDiff>('qa.hub', 'GET', '/api/v1/report-templates/batch-record/diff?from=1&to=2')).body;
    expect(diff.sentences.en).toEqual(['Section order changed from Signatures, Steps, Deviations, In-process controls, Label reconciliation, Environment, Refused attempts, Change history, Hub signatures, Completion, Order to Steps, Signatures, Deviations, In-process controls, Label reconciliation, Environment, Refused attempts, Change history, Hub signatures, Completion, Order.', 'Page footer text (en) changed from “Controlled copy SOP-QA-017” to “Controlled copy SOP-QA-018”.']);
    expect(diff.sentences['zh-CN'][1]).toBe('页脚文字（en）由“Controlled copy SOP-QA-017”改为“Controlled copy SOP-QA-018”。');

    await sign('qa.hub', 'batch-record', 2, { transition: 'review' });
    await sign('qa.qp', 'batch-record', 2, { transition: 'approve', role: 'qa' });
    await sign('qp.hub', 'batch-record', 2, { transition: 'approve' });
    expect(code(await sign('qa.hub', 'batch-record', 2, { transition: 'make-effective' }))).toBe('TEMPLATE_CHANGE_REQUIRED');
    const cc = (await api<ChangeView>('qa.hub', 'POST', '/api/v1/quality/changes', { title: 'Steps first in the record', reason: 'Reviewers read the steps first.', links: [{ kind: 'report-template', ref: 'batch-record', fromVersion: 1, toVersion: 2 }], password: HUB_PASSWORD })).body.id;
    await api('qa.hub', 'POST', `/api/v1/quality/changes/${cc}/steps`, { step: 'assess-impact', assessment: 'Layout only.', approverRoles: ['qa'], password: HUB_PASSWORD });
    await api('qa.second', 'POST', `/api/v1/quality/changes/${cc}/steps`, { step: 'approve', role: 'qa', password: HUB_PASSWORD });
    const second = await sign('qa.hub', 'batch-record', 2, { transition: 'make-effective', changeId: cc });
    expect(second.body.state, JSON.stringify(second.body)).toBe('effective');
    const list = (await api<TemplateListItem[]>('qa.hub', 'GET', '/api/v1/report-templates')).body;
    expect(list.find((t) => t.templateCode === 'batch-record')).toMatchObject({ effective: { version: 2 }, latest: { version: 2 } });
    expect((await api<{ state: string }>('qa.hub', 'GET', '/api/v1/report-templates/batch-record/versions/1')).body.state).toBe('retired');
    const actions = (await db.select().from(hubAudit).where(eq(hubAudit.subject, 'batch-record@1'))).map((a) => a.action);
    for (const a of ['template.version_saved', 'template.signed', 'template.effective', 'template.refused', 'template.retired']) expect(actions).toContain(a);
  });

  it.each(['en', 'zh-CN'] as const)('FR-100 FR-90 the effective batch-record template shapes the hub PDF (%s): title, site, section order, footer, the template version, and the recipe version with its content hash', async (lang) => {
    const t = q.station;
    const batch = recordBatch(t, { batchNumber: `B-TPL-${lang}`, apiLot: 'API-LOT-T', excipientLot: 'MCC-LOT-T', deviation: false });
    await q.sync();
    const printed = unwrap(await q.quality.prints.batchRecordPdf({ userId: 'qa', username: 'qa.hub', roles: ['qa'] }, batch.batchNumber, lang));
    const file = join(dir, `record-${lang}.pdf`);
    writeFileSync(file, printed.body as Buffer);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    const plan = (t.ledger.query({ batchRef: batch.batchNumber, types: ['order.started'] })[0]!.payload as { plan: { recipeCode: string; recipeVersion: number; recipeHash: string; recipeContentHash?: string } }).plan;
    const words = lang === 'en' ? { title: 'WeighingrecordPlant2', site: 'Site:SuzhouPlant2', steps: 'Steps', sigs: 'Signatures', footer: 'ControlledcopySOP-QA-018', tpl: 'templatebatch-recordversion2' } : { title: '二号工厂称量记录', site: '工厂：SuzhouPlant2', steps: '步骤', sigs: '签名', footer: '受控副本SOP-QA-017', tpl: '模板batch-record第2版' };
    expect(text).toContain(words.title);
    expect(text).toContain(words.footer);
    expect(text).toContain(words.tpl);
    expect(text).toContain(plan.recipeContentHash ?? plan.recipeHash);
    expect(text).toContain(`${plan.recipeCode}v${plan.recipeVersion}`);
    // Version 2 puts the steps before the signatures.
    expect(text.indexOf(words.steps)).toBeLessThan(text.lastIndexOf(words.sigs));
    if (lang === 'en') execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')]);
  });

  it('FR-106 a template refusal carries the template code (HTTP status, audit) and the console shows the template words, not the recipe words, in en and zh-CN', async () => {
    const v = await save('qa.second', 'batch-record', { ...BR, siteName: 'Suzhou Plant 3' });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const n = v.body.version!;
    const outOfOrder = await sign('qa.hub', 'batch-record', n, { transition: 'make-effective' });
    expect([outOfOrder.status, code(outOfOrder)]).toEqual([409, 'TEMPLATE_TRANSITION_OUT_OF_ORDER']);
    const author = await sign('qa.second', 'batch-record', n, { transition: 'review' });
    expect([author.status, code(author)]).toEqual([403, 'TEMPLATE_SIGNER_IS_AUTHOR']);
    const role = await sign('qp.hub', 'batch-record', n, { transition: 'review' });
    expect([role.status, code(role)]).toEqual([403, 'TEMPLATE_SIGNER_ROLE_INVALID']);
    expect((await sign('qa.hub', 'batch-record', n, { transition: 'review' })).status).toBe(201);
    const twice = await sign('qa.hub', 'batch-record', n, { transition: 'approve' });
    expect([twice.status, code(twice)]).toEqual([403, 'TEMPLATE_SIGNER_ALREADY_SIGNED']);
    const audited = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'template.refused'), eq(hubAudit.subject, `batch-record@${n}`)));
    expect(audited.map((a) => (a.details as { code: string }).code)).toEqual(expect.arrayContaining(['TEMPLATE_TRANSITION_OUT_OF_ORDER', 'TEMPLATE_SIGNER_IS_AUTHOR', 'TEMPLATE_SIGNER_ROLE_INVALID', 'TEMPLATE_SIGNER_ALREADY_SIGNED']));
    for (const [locale, words, recipeWords] of [
      ['en', 'The person who saved this report template version cannot sign this step of its approval.', 'The author of the version cannot sign'],
      ['zh-CN', '保存该报表模板版本的人不能签署其审批的这一步骤。', '版本的编写人不能签署'],
    ] as const) {
      const shown = await renderNotice(locale, author.body.error!);
      expect(shown).toContain('data-code="TEMPLATE_SIGNER_IS_AUTHOR"');
      expect(shown).toContain(words);
      expect(shown).not.toContain(recipeWords);
    }
    expect(await renderNotice('zh-CN', outOfOrder.body.error!)).toContain('报表模板的审批流程不允许');
  });

  it('FR-100 the effective label template reaches the station by the master-data sync and shapes its ZPL, which names the template version', async () => {
    const v1 = await save('md.steward', 'container-label', LABEL);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect((await toEffective('container-label', 1)).state).toBe('effective');
    const put = await api<{ error?: { code: string } }>('md.steward', 'PUT', '/api/v1/master-data/label-template/container-label', { data: { templateCode: 'container-label', version: 9, contentHash: '0'.repeat(64), content: DEFAULT_LABEL_TEMPLATE }, reason: 'around the flow' });
    expect(put.body.error?.code).toBe('TEMPLATE_VERSION_IMMUTABLE');
    // The station's own puller and master-data service over the hub's feed.
    const reader = sqliteMasterDataReader(q.station.db.sqlite);
    const hubMd = q.hub.hub.services.masterData;
    const client = { masterData: async (after: string | null, limit: number) => ok({ ...(await hubMd.feed(after, limit)), servedAt: q.station.clock.now().toISOString() }) } as unknown as HubClient;
    unwrap(await pullMasterData(client, new MasterDataService({ ledger: q.station.ledger, reader }), { pageSize: 200, now: q.station.clock.now(), contactRecordEveryMs: 0 }));
    const held = reader.get('label-template', 'container-label')!.data;
    expect(held).toMatchObject({ templateCode: 'container-label', version: 1, content: LABEL });
    const sent: Buffer[] = [];
    const port = zplLabelPort({
      printers: () => [{ id: 'PR-1', kind: 'zpl-tcp', address: '127.0.0.1:9100', labelWidthMm: 100, labelHeightMm: 70 }] as never,
      mode: 'production',
      transportFor: (): LabelTransport => ({ description: 'tcp://127.0.0.1:9100', send: async (b: Buffer) => (sent.push(b), ok({ confirmation: 'status' as const })) }),
      template: () => ({ ref: { templateCode: held.templateCode, version: held.version, contentHash: held.contentHash }, content: held.content }),
    });
    const receipt = unwrap(await port.print([{ kind: 'dispensed-material', material: 'API-PARA', materialName: 'Paracetamol', lotNumber: 'L-1', batchNumber: 'B-1', net: '1.2345 kg', dispensedBy: 'op.li', labelledAt: '2026-03-02T09:05:00+08:00', product: 'FG', productName: 'FG', lotId: 'L-1' }]));
    expect(receipt).toMatchObject({ printerId: 'PR-1', template: { templateCode: 'container-label', version: 1 } });
    const zpl = sent[0]!.toString('utf8');
    const fields = [...zpl.matchAll(/\^A0N,(\d+),\d+\^FH\\\^FD([^^]*)\^FS/g)].map((m) => [Number(m[1]), m[2]]);
    expect(fields.map(([, t]) => t)).toEqual(['DISPENSED MATERIAL', 'Batch: B-1', 'API-PARA', 'Paracetamol', 'Lot: L-1', 'Net: 1.2345 kg', 'Dispensed by: op.li', 'Time: 2026-03-02 09:05 +08:00', 'Template container-label v1']);
    expect(fields[1]![0]).toBe(40); // large = 5 mm at 8 dots/mm
    expect(zpl).toMatch(/\^BXN,5,200/);
  });

  it('FR-87 a change of the approval flow is an e-signature with a reason: refused without the password or with a wrong one, versioned, verified, audited', async () => {
    const definition = withReviewBy(DEFAULT_APPROVAL_FLOW, ['qa', 'qp']);
    expect((await api<FlowView>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition, reason: 'QPs may review too' })).status).toBe(400);
    expect(code(await api<{ error?: { code: string } }>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition, reason: 'QPs may review too', password: 'wrong' }))).toBe('SIGNATURE_PASSWORD_INVALID');
    const changed = await api<FlowView>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition, reason: 'QPs may review too', password: HUB_PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    expect(changed.body).toMatchObject({ version: 2, reason: 'QPs may review too', signature: { username: 'qa.hub', meaning: 'approved', valid: true } });
    expect((await api<FlowView>('op.hub', 'GET', '/api/v1/recipes/flow')).body.signature).toMatchObject({ valid: true });
    const db = q.hub.hub.services.ctx.db;
    const rows = await db.select().from(hubAudit).where(and(eq(hubAudit.subject, 'recipe-approval')));
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['recipe.flow_signed', 'recipe.flow_changed']));
    // The template flow is its own: unchanged.
    expect((await api<FlowView>('qa.hub', 'GET', '/api/v1/report-templates/flow')).body).toMatchObject({ flowCode: 'report-template-approval', version: 1, signature: null });
  });

  it('FR-90 a recipe refused for its schema version is asked for again by key once the station understands it, although the cursor moved past it', async () => {
    const saved = await api<RecipeVersionView>('md.steward', 'POST', '/api/v1/recipes/BLEND-25/versions', { content: blendRecipe() });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    for (const [who, transition] of [['qa.hub', 'review'], ['qa.second', 'approve'], ['qp.hub', 'approve'], ['qa.hub', 'make-effective']] as const) {
      const signed = await api<RecipeVersionView>(who, 'POST', '/api/v1/recipes/BLEND-25/versions/1/transitions', { transition, password: HUB_PASSWORD });
      expect(signed.status, `${who} ${transition}: ${JSON.stringify(signed.body)}`).toBeLessThan(300);
    }
    const t = q.station;
    const reader = sqliteMasterDataReader(t.db.sqlite);
    const hubMd = q.hub.hub.services.masterData;
    const served = () => t.clock.now().toISOString();
    const asked: string[][] = [];
    const client = {
      masterData: async (after: string | null, limit: number) => ok({ ...(await hubMd.feed(after, limit)), servedAt: served() }),
      masterDataObjects: async (_kind: 'recipe', keys: readonly string[]) => (asked.push([...keys]), ok({ ...(await hubMd.objects('recipe', keys)), servedAt: served() })),
    } as unknown as HubClient;
    const options = { pageSize: 200, now: t.clock.now(), contactRecordEveryMs: 0 };
    // The station before its upgrade: it reads no recipe schema.
    const old = new MasterDataService({ ledger: t.ledger, reader, supportedRecipeSchemaVersions: [] });
    unwrap(await pullMasterData(client, old, options));
    expect(reader.get('recipe', 'BLEND-25@1')).toBeUndefined();
    expect(reader.refusedRecipes!().map((r) => r.key)).toContain('BLEND-25@1');
    expect(asked).toEqual([]);
    // Upgraded: nothing new in the feed, but the refused recipe is asked for by key and applied.
    const upgraded = new MasterDataService({ ledger: t.ledger, reader });
    const cursor = upgraded.position()?.cursor;
    unwrap(await pullMasterData(client, upgraded, options));
    expect(asked.at(-1)).toContain('BLEND-25@1');
    expect(reader.get('recipe', 'BLEND-25@1')!.data.status).toBe('effective');
    expect(reader.refusedRecipes!().map((r) => r.key)).not.toContain('BLEND-25@1');
    expect(upgraded.position()?.cursor).toBe(cursor);
    const calls = asked.length;
    unwrap(await pullMasterData(client, upgraded, options));
    expect(asked.length).toBe(calls);
  });
});

/**
 * The report-template flow changed as the console's flow editor changes it (FR-113), at the API:
 * the hub refuses a flow whose "who saves versions" roles name a role its save route refuses (the
 * shared check the editor runs); QA signs a change adding a third signature (master data) to
 * "approve"; the flow's history lists it (who, why, verified); a template version saved after it
 * carries flow version 2 and needs the new signature, one saved before keeps flow version 1.
 */
describe('the report-template flow edited like the recipe flow', () => {
  const base = '/api/v1/report-templates';
  type Refusal = { error?: { code: string; message: string; details?: { problems?: string[] } } };

  it('FR-113 a flow whose savers name a role the save route refuses is refused (template: qp; recipe: operator), with the shared check\'s reason', async () => {
    const tpl = await api<Refusal>('qa.hub', 'PUT', `${base}/flow`, { definition: { ...DEFAULT_TEMPLATE_FLOW, authorRoles: ['qa', 'qp'] }, reason: 'QPs draft templates too', password: HUB_PASSWORD });
    expect(tpl.status).toBe(400);
    expect(tpl.body.error?.code).toBe('TEMPLATE_FLOW_INVALID');
    expect(tpl.body.error?.details?.problems).toEqual(['versions are saved by the qp role, which the save route refuses (it admits: qa, master-data)']);
    // The route indeed refuses a QP's save: the check promises nothing the route takes back.
    expect((await save('qp.hub', 'batch-record', BR)).status).toBe(403);
    const recipe = await api<Refusal>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: { ...DEFAULT_APPROVAL_FLOW, authorRoles: ['master-data', 'operator'] }, reason: 'operators draft recipes', password: HUB_PASSWORD });
    expect(recipe.body.error?.details?.problems).toEqual(['versions are saved by the operator role, which the save route refuses (it admits: master-data, qa)']);
    expect((await api<FlowView>('qa.hub', 'GET', `${base}/flow`)).body.version).toBe(1);
  });

  it('FR-113 a signed change of the template flow is in its history; a template version saved after it carries flow version 2 and needs the new signature, one saved before keeps flow version 1', async () => {
    await provisionHubUser(q.hub, { username: 'md.second', printedName: 'Max Second', roles: ['master-data'], password: HUB_PASSWORD });
    const before = await save('md.steward', 'batch-record', BR);
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.body.flow).toEqual({ flowCode: 'report-template-approval', version: 1 });

    const definition = { ...DEFAULT_TEMPLATE_FLOW, transitions: DEFAULT_TEMPLATE_FLOW.transitions.map((t) => (t.name === 'approve' ? { ...t, signatures: [...t.signatures, { roles: ['master-data' as const] }] } : t)) };
    const changed = await api<FlowView>('qa.hub', 'PUT', `${base}/flow`, { definition, reason: 'master data confirms every template approval', password: HUB_PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    const history = await api<FlowView[]>('qp.hub', 'GET', `${base}/flow/history`);
    expect(history.status).toBe(200);
    expect(history.body.map((v) => [v.version, v.signature?.username ?? null, v.reason])).toEqual([
      [1, null, 'the flow the hub starts with'],
      [2, 'qa.hub', 'master data confirms every template approval'],
    ]);
    expect(history.body[1]!.signature?.valid).toBe(true);
    expect(history.body[1]!.definition.transitions[1]!.signatures).toHaveLength(3);

    const after = await save('md.steward', 'batch-record', BR);
    expect(after.body.flow?.version).toBe(2);
    const listed = (await api<TemplateVersionSummary[]>('qa.hub', 'GET', `${base}/batch-record/versions`)).body;
    expect(listed.slice(-2).map((v) => [v.version, v.flowVersion])).toEqual([[before.body.version, 1], [after.body.version, 2]]);
    expect(listed.every((v) => v.version === after.body.version || v.flowVersion === 1)).toBe(true);

    const v2 = after.body.version!;
    expect((await sign('qa.hub', 'batch-record', v2, { transition: 'review' })).body.state).toBe('reviewed');
    await sign('qa.second', 'batch-record', v2, { transition: 'approve' });
    expect((await sign('qp.hub', 'batch-record', v2, { transition: 'approve' })).body.state).toBe('reviewed'); // two of three
    expect((await sign('md.second', 'batch-record', v2, { transition: 'approve' })).body.state).toBe('approved');

    const v1 = before.body.version!;
    await sign('qa.hub', 'batch-record', v1, { transition: 'review' });
    await sign('qa.second', 'batch-record', v1, { transition: 'approve' });
    expect((await sign('qp.hub', 'batch-record', v1, { transition: 'approve' })).body.state).toBe('approved'); // its flow: two suffice
  });
});

describe('stored flows re-checked (FR-115)', () => {
  const base = '/api/v1/report-templates';
  type Problems = { message: string; key: string; params: Record<string, string> }[];
  type Refused = { error?: { code: string; message: string; details?: { flowVersion?: number; problems?: string[] } } };

  it('FR-115 a template flow refusal carries the template code (HTTP, audit, console en and zh-CN), never a recipe code', async () => {
    const broken = withReviewBy(DEFAULT_TEMPLATE_FLOW, ['inspector']);
    const r = await api<Refused>('qa.hub', 'PUT', `${base}/flow`, { definition: broken, reason: 'inspectors review templates', password: HUB_PASSWORD });
    expect([r.status, r.body.error?.code]).toEqual([400, 'TEMPLATE_FLOW_INVALID']);
    const audited = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'template.refused'), eq(hubAudit.subject, DEFAULT_TEMPLATE_FLOW.flowCode)));
    expect(audited.map((a) => (a.details as { code: string }).code)).toContain('TEMPLATE_FLOW_INVALID');
    expect(audited.map((a) => (a.details as { code: string }).code).filter((c) => c.startsWith('RECIPE_'))).toEqual([]);
    expect(await renderNotice('en', r.body.error!)).toContain('The report template approval flow definition is not valid.');
    expect(await renderNotice('zh-CN', r.body.error!)).toContain('报表模板审批流程定义无效。');
  });

  it('FR-115 a stored flow version today\'s checks refuse (a row written in the database) shows its problems in the history and the flow, and is refused at the moment of use: a save under it, a signature on a version kept under it (template and recipe)', async () => {
    const db = q.hub.hub.services.ctx.db;
    const flowNow = (await api<FlowView>('qa.hub', 'GET', `${base}/flow`)).body;
    // A version kept from before the signing-role check: its review slot names only the inspector (read-only, DI-09).
    const bad = await storeUnsignableFlowVersion(db, flowNow, 'inspector');
    const history = (await api<(FlowView & { problems?: Problems })[]>('qp.hub', 'GET', `${base}/flow/history`)).body;
    expect(history.at(-1)!.version).toBe(bad);
    expect(history.at(-1)!.problems).toEqual([{ key: 'roleCannotSign', params: { name: 'review', role: 'inspector', signers: 'qa, qp, master-data' }, message: 'transition "review" names the inspector role, which no account signing this flow holds (signers: qa, qp, master-data)' }]);
    expect(history.slice(0, -1).every((v) => v.problems?.length === 0)).toBe(true);
    expect((await api<FlowView & { problems?: Problems }>('qa.hub', 'GET', `${base}/flow`)).body.problems).toHaveLength(1);

    // Use: a save under it is refused (409, typed, audited), nothing stored.
    const before = (await api<TemplateVersionSummary[]>('qa.hub', 'GET', `${base}/batch-record/versions`)).body.length;
    const saved = await save('md.steward', 'batch-record', BR);
    expect([saved.status, code(saved), (saved.body as Refused).error?.details?.flowVersion]).toEqual([409, 'TEMPLATE_FLOW_UNUSABLE', bad]);
    expect((await api<TemplateVersionSummary[]>('qa.hub', 'GET', `${base}/batch-record/versions`)).body).toHaveLength(before);
    // A template version kept under it (written before the check) is refused at its first signature, not left stuck.
    const [last] = await db.select().from(reportTemplateVersions).where(eq(reportTemplateVersions.templateCode, 'batch-record')).orderBy(sql`${reportTemplateVersions.version} desc`).limit(1);
    await db.insert(reportTemplateVersions).values({ ...last!, id: undefined, version: last!.version + 1, flowVersion: bad, createdBy: 'md.steward', createdAt: new Date() });
    const signed = await sign('qa.hub', 'batch-record', last!.version + 1, { transition: 'review' });
    expect([signed.status, code(signed)]).toEqual([409, 'TEMPLATE_FLOW_UNUSABLE']);
    const refusals = await db.select().from(hubAudit).where(and(eq(hubAudit.action, 'template.refused'), eq(hubAudit.subject, `batch-record@${last!.version + 1}`)));
    expect(refusals.map((a) => (a.details as { code: string }).code)).toEqual(['TEMPLATE_FLOW_UNUSABLE']);
    for (const [locale, words] of [['en', 'QA signs a new version of the flow first.'], ['zh-CN', '请先由 QA 签署新的流程版本。']] as const) {
      expect(await renderNotice(locale, signed.body.error!)).toContain(words);
    }

    // The recipe flow likewise, under its own code.
    const recipeNow = (await api<FlowView>('qa.hub', 'GET', '/api/v1/recipes/flow')).body;
    await storeUnsignableFlowVersion(db, recipeNow, 'lims');
    const recipe = await api<Refused>('md.steward', 'POST', '/api/v1/recipes/BLEND-115/versions', { content: blendRecipe() });
    expect([recipe.status, recipe.body.error?.code]).toEqual([409, 'RECIPE_FLOW_UNUSABLE']);

    // The remedy: QA signs a new version of the flow; saving works again.
    expect((await api('qa.hub', 'PUT', `${base}/flow`, { definition: flowNow.definition, reason: 'the review slot back to QA', password: HUB_PASSWORD })).status).toBe(201);
    expect((await save('md.steward', 'batch-record', BR)).status).toBe(201);
    expect((await api('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: recipeNow.definition, reason: 'the review slot back to QA', password: HUB_PASSWORD })).status).toBe(201);
  });
});
