/**
 * Recipe versions reach stations (issue 14 item 5): a recipe of a schema version the station does
 * not understand is refused by name, at pull and at order import and start, and the rest of the
 * sync is applied; across the seam, a version approved at the hub by two signatures is pulled by
 * the station's own puller, runs on the station's engine, and the batch record names the version
 * and the content hash the approvers signed.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ok, unwrap } from '../../src-shared/result.ts';
import type { MasterDataChange } from '../../src-shared/master-data/master-data-change.ts';
import type { RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { HubClient } from '../../src-main/sync/hub-client.ts';
import { pullMasterData } from '../../src-main/sync/master-data-puller.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { recipeContentHash } from '../../src-core/record/recipe-content-hash.ts';
import { DEMO_BOOTH, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { exec, expectRefused, runTo } from '../engine/engine-test-kit.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { blendRecipe } from './blend-recipe.ts';
import { formPartsAcrossTheSeam } from '../quality/support/form-parts-hub.ts';
import { errorsEn } from '../../src-shared/errors/words-en.ts';
import { errorsZhCN } from '../../src-shared/errors/words-zh-CN.ts';

let d: DispensingStation | undefined;
afterEach(() => {
  d?.close();
  d = undefined;
});

const DEMO = 'PARA-500';

describe('a recipe of a schema version the station does not understand', () => {
  it('FR-90 is refused by name at pull, the rest of the batch applied; import and start of its orders name why', async () => {
    d = await makeDispensingStation();
    const md = d.station.masterData;
    const effective = md.reader.get('recipe', `${DEMO}@2`)!;
    const material = md.reader.get('material', 'API-PARA')!;
    d.importOrder('B-SV-1');
    const changes: MasterDataChange[] = [
      { kind: 'material', key: 'API-PARA', version: material.version + 1, data: { ...(material.data as Record<string, unknown>), name: 'Paracetamol (renamed)' } },
      { kind: 'recipe', key: `${DEMO}@9`, version: 1, data: { schemaVersion: 2, recipeCode: DEMO, version: 9, status: 'effective', phases: 'a shape this station cannot read' } },
      // The effective version republished in a schema this station cannot read: dropped, never run as it was.
      { kind: 'recipe', key: `${DEMO}@2`, version: effective.version + 1, data: { ...(effective.data as Record<string, unknown>), schemaVersion: 2 } },
    ];
    const applied = unwrap(md.applyMasterData(changes, { origin: 'hub', cursor: 'c-9', servedAt: d.clock.now().toISOString(), actorId: null }));
    expect(applied).toMatchObject({ applied: 1, unchanged: 0 });
    expect(applied.refused.map((r) => [r.key, r.code, r.schemaVersion])).toEqual([
      [`${DEMO}@9`, 'RECIPE_SCHEMA_UNSUPPORTED', 2],
      [`${DEMO}@2`, 'RECIPE_SCHEMA_UNSUPPORTED', 2],
    ]);
    expect(applied.refused[0]!.message).toMatch(/schema version 2; this station understands 1/);
    expect(md.reader.get('material', 'API-PARA')!.data.name).toBe('Paracetamol (renamed)');
    expect(md.reader.get('recipe', `${DEMO}@2`)).toBeUndefined();
    expect(md.position()?.cursor).toBe('c-9');
    const entry = d.station.ledger.query({ types: ['masterdata.applied'] }).at(-1)!;
    expect((entry.payload as { refused: { key: string }[] }).refused.map((r) => r.key)).toEqual([`${DEMO}@9`, `${DEMO}@2`]);

    const imported = d.station.orderIntake.importOrders(
      [{ batchNumber: 'B-SV-2', productCode: 'FG-PARA500', recipeCode: DEMO, recipeVersion: 9, batchSize: { amount: '2.000', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }],
      { kind: 'api', fileName: null },
      null,
    );
    expectRefused(imported, 'RECIPE_SCHEMA_UNSUPPORTED');
    const start = await exec(d, d.login('op.li'), 'B-SV-1', { type: 'start-order', boothId: DEMO_BOOTH });
    expectRefused(start, 'RECIPE_SCHEMA_UNSUPPORTED');
    expect(start.ok ? '' : start.error.message).toMatch(/update the station software/);
    expect(errorsEn.RECIPE_SCHEMA_UNSUPPORTED).toMatch(/schema version/);
    expect(errorsZhCN.RECIPE_SCHEMA_UNSUPPORTED).toMatch(/结构版本/);
  });
});

describe('across the seam: hub approval to station record', () => {
  let q: QualityHub | undefined;
  afterAll(async () => {
    await q?.close();
  });

  it('FR-90 a version approved at the hub with two signatures is pulled, runs at the station, and the record names its version and content hash', async () => {
    q = await startQualityHub('pglite');
    await provisionHubUser(q.hub, { username: 'md.steward', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
    const hub = q;
    const api = async <T>(who: string, method: string, path: string, body?: unknown) => hub.hub.api<T>(method, path, body, await hub.token(who));
    const sign = (who: string, transition: string) => api<RecipeVersionView>(who, 'POST', '/api/v1/recipes/BLEND-25/versions/1/transitions', { transition, password: HUB_PASSWORD });

    const saved = await api<RecipeVersionView>('md.steward', 'POST', '/api/v1/recipes/BLEND-25/versions', { content: blendRecipe() });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    await sign('qa.hub', 'review');
    await sign('qa.second', 'approve');
    await sign('qp.hub', 'approve');
    const effective = (await sign('qa.hub', 'make-effective')).body;
    expect(effective.state).toBe('effective');
    const steward = { userId: 'md', username: 'md.steward', roles: ['master-data' as const] };
    unwrap(
      await hub.hub.hub.services.masterData.put(steward, 'training', 'op.li/BLEND-25', {
        data: { username: 'op.li', recipeCode: 'BLEND-25', trainedOn: '2026-01-05', validUntil: '2027-01-05' },
        reason: 'trained on the blend',
      }),
    );

    d = await makeDispensingStation();
    const station = d;
    // The station's own puller over the hub's feed (served "now" on the station's clock).
    const client = {
      masterData: async (after: string | null, limit: number) => ok({ ...(await hub.hub.hub.services.masterData.feed(after, limit)), servedAt: station.clock.now().toISOString() }),
    } as unknown as HubClient;
    const pulled = unwrap(await pullMasterData(client, station.station.masterData, { pageSize: 50, now: station.clock.now(), contactRecordEveryMs: 0 }));
    expect(pulled.pulled).toBe(2);
    const atStation = station.station.masterData.reader.get('recipe', 'BLEND-25@1')!;
    expect(atStation.data.status).toBe('effective');
    expect(recipeContentHash(atStation.data)).toBe(effective.contentHash);

    unwrap(
      station.station.orderIntake.importOrders(
        [{ batchNumber: 'B-BLEND-1', productCode: 'FG-PARA500', recipeCode: 'BLEND-25', recipeVersion: null, batchSize: { amount: '35.000', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }],
        { kind: 'api', fileName: null },
        null,
      ),
    );
    await runTo(station, 'B-BLEND-1');
    const record = buildBatchRecord('B-BLEND-1', station.station.ledger.query({ batchRef: 'B-BLEND-1' }), { user: (id) => station.station.users.byId(id) });
    expect(record.status).toBe('complete');
    expect(record.plan).toMatchObject({ recipeCode: 'BLEND-25', recipeVersion: 1, recipeContentHash: effective.contentHash });
    expect(record.masterDataUsed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'recipe', key: 'BLEND-25@1' })]));
    expect(record.steps.map((s) => [s.stepId, s.status])).toEqual([['S1', 'done'], ['S2', 'done'], ['S3', 'done'], ['S4', 'done'], ['S5', 'done']]);
  });

  // The same hub (no second start): its own station fills a form in parts and corrects it.
  it('FR-116 two people fill the blending form in two parts, a supervisor corrects a value; the hub verifies the synced ledger and its review shows who filled what and the correction', async () => {
    q ??= await startQualityHub('pglite');
    await formPartsAcrossTheSeam(q);
  });
});
