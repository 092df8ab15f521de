/**
 * Recipe versions under an approval flow (issue 14 items 3-5), on PGlite and on PostgreSQL:
 * every save is a version; the flow (data, interpreted by the hub) takes a version draft →
 * reviewed → approved (two signatures, two people) → effective, each an e-signature by a role the
 * flow names; every refusal is typed and audited; an effective version never changes, at the API
 * and in the database; its successor needs an approved change control and retires it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { RecipeDiff, RecipeVersionSummary, RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { ChangeView } from '../../src-shared/quality/change-contract.ts';
import { hubAudit, masterData } from '../../src-server/db/schema.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { blendRecipe } from '../recipes/blend-recipe.ts';

type Reply = { error?: { code: string; message: string; details?: Record<string, unknown> } } & Partial<RecipeVersionView>;

const CODE = 'BLEND-25';

/** The database's own refusal (drizzle wraps it as the cause of "Failed query"). */
async function refusedBy(query: Promise<unknown>, why: RegExp): Promise<void> {
  const e = (await query.then(
    () => null,
    (x: unknown) => x,
  )) as { message?: string; cause?: { message?: string } } | null;
  expect(e, 'the database accepted it').not.toBeNull();
  expect(e!.cause?.message ?? e!.message).toMatch(why);
}

describe.each(QUALITY_BACKENDS)('recipe versions on %s', (backendName) => {
  let q: QualityHub;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const save = (who: string, content: Record<string, unknown>, basedOn: number | null = null) => api<Reply>(who, 'POST', `/api/v1/recipes/${CODE}/versions`, { content, basedOn, note: 'test save' });
  const sign = (who: string, version: number, body: Record<string, unknown>) => api<Reply>(who, 'POST', `/api/v1/recipes/${CODE}/versions/${version}/transitions`, { password: HUB_PASSWORD, ...body });
  const code = (r: { body: Reply }) => r.body.error?.code ?? 'accepted';

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    await provisionHubUser(q.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-87 every save is a new version; the flow takes it to effective by the signatures it names, refusing the wrong role, the author, the same person twice and steps out of order', async () => {
    const flow = (await api<{ version: number; definition: { transitions: { name: string }[] } }>('qa.hub', 'GET', '/api/v1/recipes/flow')).body;
    expect(flow.definition.transitions.map((t) => t.name)).toEqual(['review', 'approve', 'make-effective', 'retire']);

    const v1 = await save('qa.second', blendRecipe());
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body).toMatchObject({ recipeCode: CODE, version: 1, state: 'draft', schemaVersion: 1, createdBy: 'qa.second' });
    expect(v1.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await save('md.steward', blendRecipe(), 1);
    // The version number is content: the same recipe saved again hashes differently.
    expect(again.body).toMatchObject({ version: 2, state: 'draft', basedOn: 1 });
    expect(again.body.contentHash).not.toBe(v1.body.contentHash);
    expect((await save('op.hub', blendRecipe())).status).toBe(403);
    expect(code(await save('md.steward', { ...blendRecipe(), unitProcedures: [] }))).toBe('INPUT_INVALID');

    expect(code(await sign('qa.hub', 1, { transition: 'approve' }))).toBe('RECIPE_TRANSITION_OUT_OF_ORDER');
    expect(code(await sign('qa.hub', 1, { transition: 'publish' }))).toBe('RECIPE_TRANSITION_OUT_OF_ORDER');
    expect(code(await sign('qp.hub', 1, { transition: 'review' }))).toBe('RECIPE_SIGNER_ROLE_INVALID');
    expect(code(await sign('op.hub', 1, { transition: 'review' }))).toBe('RECIPE_SIGNER_ROLE_INVALID');
    expect(code(await sign('qa.second', 1, { transition: 'review' }))).toBe('RECIPE_SIGNER_IS_AUTHOR');
    expect(code(await sign('qa.hub', 1, { transition: 'review', password: 'wrong' }))).toBe('SIGNATURE_PASSWORD_INVALID');
    const reviewed = await sign('qa.hub', 1, { transition: 'review' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(201);
    expect(reviewed.body.state).toBe('reviewed');

    // Approval: QA and a QP, two people, neither the reviewer.
    expect(code(await sign('qa.hub', 1, { transition: 'approve' }))).toBe('RECIPE_SIGNER_ALREADY_SIGNED');
    const half = await sign('qa.qp', 1, { transition: 'approve', role: 'qa' });
    expect(half.body).toMatchObject({ state: 'reviewed', next: [{ transition: 'approve', rolesNeeded: [['qp']], signedBy: ['qa.qp'] }] });
    expect(code(await sign('qa.qp', 1, { transition: 'approve', role: 'qp' }))).toBe('RECIPE_SIGNER_ALREADY_SIGNED');
    expect(code(await sign('qa.second', 1, { transition: 'approve' }))).toBe('RECIPE_SIGNER_IS_AUTHOR');
    expect(code(await sign('qa.hub', 1, { transition: 'make-effective' }))).toBe('RECIPE_TRANSITION_OUT_OF_ORDER');
    const approved = await sign('qp.hub', 1, { transition: 'approve' });
    expect(approved.body.state).toBe('approved');
    const effective = await sign('qa.hub', 1, { transition: 'make-effective' });
    expect(effective.body.state, JSON.stringify(effective.body)).toBe('effective');
    expect(effective.body.signatures!.map((s) => `${s.transition}:${s.role}:${s.username}:${s.stateAfter}`)).toEqual([
      'review:qa:qa.hub:reviewed',
      'approve:qa:qa.qp:reviewed',
      'approve:qp:qp.hub:approved',
      'make-effective:qa:qa.hub:effective',
    ]);
    expect(effective.body.signatures!.every((s) => s.valid)).toBe(true);

    // Published as master data: what stations pull.
    const md = await api<{ version: number; data: Record<string, unknown> }>('md.steward', 'GET', `/api/v1/master-data/recipe/${CODE}@1`);
    expect(md.body.data).toMatchObject({ recipeCode: CODE, version: 1, status: 'effective', schemaVersion: 1 });

    const list = (await api<RecipeVersionSummary[]>('op.hub', 'GET', `/api/v1/recipes/${CODE}/versions`)).body;
    expect(list.map((v) => `${v.version}:${v.state}`)).toEqual(['1:effective', '2:draft']);

    const db = q.hub.hub.services.ctx.db;
    const refused = await db.select().from(hubAudit).where(and(eq(hubAudit.action, 'recipe.refused'), eq(hubAudit.subject, `${CODE}@1`)));
    expect(refused.map((r) => (r.details as { code: string }).code)).toEqual(
      expect.arrayContaining(['RECIPE_TRANSITION_OUT_OF_ORDER', 'RECIPE_SIGNER_ROLE_INVALID', 'RECIPE_SIGNER_IS_AUTHOR', 'RECIPE_SIGNER_ALREADY_SIGNED']),
    );
    const actions = (await db.select().from(hubAudit).where(eq(hubAudit.subject, `${CODE}@1`))).map((a) => a.action);
    for (const a of ['recipe.version_saved', 'recipe.signed', 'recipe.effective']) expect(actions).toContain(a);
  });

  it('FR-88 an effective version is refused any edit at the API; its successor needs an approved change control and retires it', async () => {
    const edit = await api<Reply>('md.steward', 'PUT', `/api/v1/recipes/${CODE}/versions/1`, { content: blendRecipe() });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toMatchObject({ code: 'RECIPE_VERSION_IMMUTABLE', details: { state: 'effective' } });
    const put = await api<Reply>('md.steward', 'PUT', `/api/v1/master-data/recipe/${CODE}@1`, { data: { ...blendRecipe(), recipeCode: CODE, version: 1, status: 'draft' }, reason: 'edit around the flow' });
    expect(put.body.error?.code).toBe('RECIPE_VERSION_IMMUTABLE');

    // Version 2 (saved above) with a changed step, through the flow.
    const changed = blendRecipe();
    (changed.unitProcedures as { operations: { steps: { parameter?: { max: string } }[] }[] }[])[0]!.operations[1]!.steps[0]!.parameter!.max = '26';
    const v3 = await save('md.steward', changed, 2);
    expect(v3.body.version).toBe(3);
    const diff = (await api<RecipeDiff>('qa.hub', 'GET', `/api/v1/recipes/${CODE}/diff?from=1&to=3`)).body;
    expect(diff.sentences.en).toEqual(['Step S4 “Blend temperature”: upper limit changed from 27 to 26.']);
    expect(diff.sentences['zh-CN']).toEqual(['步骤 S4“Blend temperature”：上限由 27 改为 26。']);
    expect((await api<Reply>('qa.hub', 'GET', `/api/v1/recipes/${CODE}/diff?from=1&to=99`)).body.error?.code).toBe('RECIPE_VERSION_UNKNOWN');

    await sign('qa.hub', 3, { transition: 'review' });
    await sign('qa.second', 3, { transition: 'approve' });
    await sign('qp.hub', 3, { transition: 'approve' });
    expect(code(await sign('qa.hub', 3, { transition: 'make-effective' }))).toBe('RECIPE_CHANGE_REQUIRED');
    const requested = await api<ChangeView>('qa.hub', 'POST', '/api/v1/quality/changes', { title: 'Tighten the blend temperature', reason: 'Upper limit 27 → 26 °C after the validation run.', links: [{ kind: 'recipe', ref: CODE, fromVersion: 1, toVersion: 3 }], password: HUB_PASSWORD });
    const cc = requested.body.id;
    expect(code(await sign('qa.hub', 3, { transition: 'make-effective', changeId: cc }))).toBe('RECIPE_CHANGE_REQUIRED');
    await api('qa.hub', 'POST', `/api/v1/quality/changes/${cc}/steps`, { step: 'assess-impact', assessment: 'Recipe parameter only.', approverRoles: ['qa'], password: HUB_PASSWORD });
    await api('qa.second', 'POST', `/api/v1/quality/changes/${cc}/steps`, { step: 'approve', role: 'qa', password: HUB_PASSWORD });
    const effective = await sign('qa.hub', 3, { transition: 'make-effective', changeId: cc });
    expect(effective.body.state, JSON.stringify(effective.body)).toBe('effective');
    expect(effective.body.signatures!.at(-1)).toMatchObject({ transition: 'make-effective', changeId: cc });

    const list = (await api<RecipeVersionSummary[]>('qa.hub', 'GET', `/api/v1/recipes/${CODE}/versions`)).body;
    expect(list.map((v) => `${v.version}:${v.state}`)).toEqual(['1:retired', '2:draft', '3:effective']);
    const db = q.hub.hub.services.ctx.db;
    const published = await db.select().from(masterData).where(and(eq(masterData.kind, 'recipe'), sql`${masterData.key} like ${`${CODE}@%`}`));
    expect(Object.fromEntries(published.map((m) => [m.key, (m.data as { status: string }).status]))).toEqual({ [`${CODE}@1`]: 'retired', [`${CODE}@3`]: 'effective' });
  });

  it('FR-88 the database refuses to change an effective version, any stored content, and the signed steps', async () => {
    const db = q.hub.hub.services.ctx.db;
    await refusedBy(db.execute(sql`update recipe_versions set note = 'x' where recipe_code = ${CODE} and version = 3`), /effective and never changes/);
    await refusedBy(db.execute(sql`delete from recipe_versions where recipe_code = ${CODE} and version = 3`), /effective and never changes/);
    await refusedBy(db.execute(sql`update recipe_versions set content = '{}'::jsonb where recipe_code = ${CODE} and version = 2`), /content of recipe version BLEND-25@2 never changes/);
    await refusedBy(db.execute(sql`update recipe_versions set note = 'x' where recipe_code = ${CODE} and version = 2`), /append-only/);
    await refusedBy(db.execute(sql`delete from recipe_versions where recipe_code = ${CODE} and version = 2`), /append-only/);
    await refusedBy(db.execute(sql`update recipe_version_steps set data = '{}'::jsonb`), /append-only/);
    await refusedBy(db.execute(sql`update recipe_flows set definition = '{}'::jsonb`), /append-only/);
  });
});
