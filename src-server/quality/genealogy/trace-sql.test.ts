/**
 * Issue 16 item 3: the trace statement is rendered once per shape and only its values filled in
 * per call (closureQuery): exactly the text and parameters PgDialect renders for closureSql, for
 * every shape the service asks, whatever the start's kind and key (one that looks like another
 * parameter too) and the node data generation held (FR-146).
 */
import { describe, expect, it, vi } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { closureQuery, closureSql, heldWalkQuery, heldWalkSql, withBehind } from './trace-sql.ts';

const dialect = new PgDialect();

describe('closureQuery', () => {
  it('FR-10 renders the trace statement once per shape, with the text and parameters closureSql renders', () => {
    const render = vi.spyOn(PgDialect.prototype, 'sqlToQuery');
    try {
      for (const round of [0, 1, 2]) {
        for (const direction of ['forward', 'backward'] as const) {
          for (const [answerDepth, held] of [[null, null], [60, null], [60, '1234'], [7, 'forward']] as const) {
            for (const behind of [false, true]) {
              for (const [kind, key, nodeData] of [['lot', `RM-${round}`, null], ['batch', 'forward', '1234'], ['container', '1234', null], ['lot', "it's 'quoted' \\ $1", '7']] as const) {
                const calls = render.mock.calls.length;
                const got = closureQuery(kind, key, direction, 500_000, 4 * 500_002, answerDepth, held, behind, nodeData);
                // Rendered at most on the first call of a shape (round 0, first start).
                if (round > 0 || kind !== 'lot') expect(render.mock.calls.length).toBe(calls);
                const statement = closureSql(kind, key, direction, 500_000, 4 * 500_002, answerDepth, held, nodeData);
                const want = dialect.sqlToQuery(behind ? withBehind(statement) : statement);
                expect(got).toEqual(want);
              }
            }
          }
        }
      }
    } finally {
      render.mockRestore();
    }
  });

  it('FR-146 renders the walk of a start whose node data is held once per shape, with the text and parameters heldWalkSql renders', () => {
    const render = vi.spyOn(PgDialect.prototype, 'sqlToQuery');
    try {
      for (const round of [0, 1, 2]) {
        for (const direction of ['forward', 'backward'] as const) {
          for (const behind of [false, true]) {
            for (const [kind, key, nodeData] of [['lot', `RM-${round}`, 'e.1.2.3:4'], ['batch', 'forward', '1234'], ['container', 'e.1.2.3:4', 'x'], ['lot', "it's 'quoted' \\ $1", '7']] as const) {
              const calls = render.mock.calls.length;
              const got = heldWalkQuery(kind, key, direction, 500_000, 4 * 500_002, nodeData, behind);
              if (round > 0 || kind !== 'lot') expect(render.mock.calls.length).toBe(calls);
              const statement = heldWalkSql(kind, key, direction, 500_000, 4 * 500_002, nodeData);
              expect(got).toEqual(dialect.sqlToQuery(behind ? withBehind(statement) : statement));
            }
          }
        }
      }
    } finally {
      render.mockRestore();
    }
  });
});
