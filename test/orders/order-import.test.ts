/**
 * Order import (issue 4, item 3): JSON and ISA-95 B2MML production schedules, valid and
 * invalid files from test/fixtures/orders, through the parser, the station's intake and the
 * `batchline order import` command. Every bad file gets ORDER_IMPORT_INVALID with the place.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrderFile } from '../../src-main/core/orders/order-import.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { makeDispensingStation, SECRET, type DispensingStation } from '../fakes/dispensing-station.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/orders/${name}`, import.meta.url), 'utf8');
const fixturePath = (name: string) => new URL(`../fixtures/orders/${name}`, import.meta.url).pathname;

describe('parsing', () => {
  test('JSON: a list with a version and without, batch size as object or text', () => {
    const r = parseOrderFile(fixture('valid-orders.json'));
    expect(r.ok && r.value).toEqual({
      format: 'json',
      orders: [
        { batchNumber: 'B2026-0101', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: 2, batchSize: { amount: '2.000', unit: 'kg' }, erpOrderId: 'PO-5001', plannedStart: '2026-03-03T06:00:00.000Z', boothId: 'BOOTH-1' },
        { batchNumber: 'B2026-0102', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: null, batchSize: { amount: '4.5', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null },
      ],
    });
    const single = parseOrderFile(fixture('valid-single-order.json'));
    expect(single.ok && single.value.orders.map((o) => [o.batchNumber, o.batchSize])).toEqual([['B2026-0103', { amount: '500', unit: 'g' }]]);
  });

  test('B2MML: namespaced schedule, version parameter, local start time to UTC, equipment scope', () => {
    const r = parseOrderFile(fixture('valid-schedule.b2mml.xml'));
    expect(r.ok && r.value).toEqual({
      format: 'b2mml',
      orders: [
        { batchNumber: 'B2026-0201', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: 2, batchSize: { amount: '2.000', unit: 'kg' }, erpOrderId: 'PO-5101', plannedStart: '2026-03-03T07:00:00.000Z', boothId: 'BOOTH-1' },
        { batchNumber: 'B2026-0202', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: null, batchSize: { amount: '750', unit: 'g' }, erpOrderId: 'PO-5102', plannedStart: null, boothId: null },
      ],
    });
  });

  test('B2MML: a Sync verb with MaterialRequirement/MaterialUse, attributes on IDs, upper-case unit', () => {
    const r = parseOrderFile(fixture('valid-sync-verb.b2mml.xml'));
    expect(r.ok && r.value.orders).toEqual([
      { batchNumber: 'B2026-0301', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: null, batchSize: { amount: '3', unit: 'kg' }, erpOrderId: '000010004711', plannedStart: null, boothId: null },
    ]);
  });

  test.each([
    ['invalid-truncated.json', /not valid JSON/],
    ['invalid-empty.json', /no orders/],
    ['invalid-fields.json', /orders\[0\]\.batchNumber.*orders\[1\]\.batchSize.*orders\[2\]\.batchNumber/],
    ['invalid-malformed.b2mml.xml', /not well-formed XML at line \d+/],
    ['invalid-doctype.b2mml.xml', /DOCTYPE is not accepted/],
    ['invalid-no-produced.b2mml.xml', /ProductionRequest\[1\]: needs exactly one produced material requirement/],
    ['invalid-values.b2mml.xml', /Quantity.*"eighty".*RecipeVersion.*"v2".*StartTime.*ProductionRequest\[2\]\/MaterialLotID: missing/],
    ['invalid-wrong-root.xml', /no B2MML ProductionSchedule/],
    ['invalid-csv.txt', /neither JSON nor XML/],
  ])('%s is refused with a clear ORDER_IMPORT_INVALID', (name, message) => {
    const r = parseOrderFile(fixture(name));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('ORDER_IMPORT_INVALID');
      expect(r.error.message).toMatch(message);
    }
  });
});

describe('intake into the station', () => {
  let d: DispensingStation;
  afterEach(() => d?.close());
  const orders = (name: string) => {
    const r = parseOrderFile(fixture(name));
    if (!r.ok) throw new Error(r.error.message);
    return r.value.orders;
  };

  test('all orders of a file or none; versions resolve to the effective one; work queue filled', async () => {
    d = await makeDispensingStation();
    const intake = d.station.orderIntake;
    const r = intake.importOrders(orders('valid-schedule.b2mml.xml'), { kind: 'b2mml', fileName: 'valid-schedule.b2mml.xml', content: fixture('valid-schedule.b2mml.xml') }, null);
    expect(r.ok && r.value.map((o) => [o.batchNumber, o.recipeVersion])).toEqual([
      ['B2026-0201', 2],
      ['B2026-0202', 2],
    ]);
    expect(d.station.engine.workQueue().map((w) => [w.batchNumber, w.status])).toEqual([
      ['B2026-0202', 'planned'],
      ['B2026-0201', 'planned'],
    ]);
    const entry = d.station.ledger.query({ batchRef: 'B2026-0201', types: ['order.imported'] })[0]!;
    expect(entry.payload).toMatchObject({ source: { kind: 'b2mml', fileName: 'valid-schedule.b2mml.xml', fileHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });

    const before = d.station.ledger.count();
    const again = intake.importOrders([...orders('valid-orders.json'), ...orders('valid-schedule.b2mml.xml').slice(1)], { kind: 'json', fileName: null }, null);
    expect(again.ok ? null : again.error.code).toBe('ORDER_DUPLICATE');
    expect(d.station.ledger.count()).toBe(before);
  });

  test('unknown recipe, product mismatch, retired version, a batch twice in one file', async () => {
    d = await makeDispensingStation();
    const [base] = orders('valid-single-order.json');
    const intake = d.station.orderIntake;
    const code = (list: typeof base[]) => {
      const r = intake.importOrders(list as never, { kind: 'api', fileName: null }, null);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code([{ ...base!, recipeCode: 'NOPE-1' }])).toBe('RECIPE_UNKNOWN');
    expect(code([{ ...base!, recipeVersion: 9 }])).toBe('RECIPE_UNKNOWN');
    expect(code([{ ...base!, recipeVersion: 1 }])).toBe('RECIPE_NOT_EFFECTIVE');
    expect(code([{ ...base!, productCode: 'FG-OTHER' }])).toBe('ORDER_IMPORT_INVALID');
    expect(code([base!, base!])).toBe('ORDER_IMPORT_INVALID');
    expect(code([base!])).toBe('ok');
  });
});

describe('batchline order import / orders', () => {
  let d: DispensingStation;
  afterEach(() => d?.close());
  const run = (...args: string[]) => runCli(args, { env: { BATCHLINE_STATION_SECRET: SECRET } });

  test('FR-02 imports a B2MML file, refuses an invalid one, lists the queue', async () => {
    d = await makeDispensingStation();
    d.station.close();
    const ok = await run('order', 'import', fixturePath('valid-sync-verb.b2mml.xml'), '--db', d.dbPath);
    expect(ok).toMatchObject({ code: 0, outLines: ['imported B2026-0301: FG-PARA500, 3 kg, recipe PARA-500 v2'] });
    const bad = await run('order', 'import', fixturePath('invalid-values.b2mml.xml'), '--db', d.dbPath);
    expect(bad.code).toBe(1);
    expect(bad.errLines[0]).toMatch(/^ORDER_IMPORT_INVALID: ProductionRequest\[1\]\/Quantity/);
    const missing = await run('order', 'import', join(d.dir, 'nope.xml'), '--db', d.dbPath);
    expect(missing.code).toBe(2);
    const list = await run('orders', '--db', d.dbPath);
    expect(list.outLines).toEqual(['B2026-0301     planned      FG-PARA500 3 kg PARA-500 v2']);
    d.restart();
  });
});
