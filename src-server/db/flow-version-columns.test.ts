/**
 * The shared column builders of the flow-versioned tables: the four drizzle tables built from them
 * have, column for column and in order, the name, type and NOT NULL of the hand-written migrations
 * 0031 (recipes) and 0034 (report templates), so a drift of the builder or of a table is caught here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { flowStepColumns, flowVersionColumns } from './flow-version-columns.ts';
import { recipeVersionSteps, recipeVersions } from '../recipes/recipe-schema.ts';
import { reportTemplateSteps, reportTemplateVersions } from '../reports/report-template-schema.ts';

const MIGRATIONS = join(import.meta.dirname, 'migrations');

type Column = { name: string; type: string; notNull: boolean };

/** The columns of `CREATE TABLE name (...)` in a migration file, in order. */
function migrationColumns(file: string, table: string): Column[] {
  const sql = readFileSync(join(MIGRATIONS, file), 'utf8');
  const body = new RegExp(`CREATE TABLE ${table} \\(\\n([\\s\\S]*?)\\n\\);`).exec(sql)?.[1];
  if (body === undefined) throw new Error(`${file} has no CREATE TABLE ${table}`);
  return body.split('\n').map((line) => {
    const [, name = '', type = ''] = /^\s*(\w+) (\w+)/.exec(line) ?? [];
    return { name, type: type === 'timestamptz' ? 'timestamp with time zone' : type, notNull: /NOT NULL|PRIMARY KEY/.test(line) };
  });
}

const schemaColumns = (table: PgTable): Column[] =>
  getTableConfig(table).columns.map((c) => ({ name: c.name, type: c.getSQLType(), notNull: c.notNull }));

describe('flow-versioned table columns (one builder for recipes and report templates)', () => {
  it.each([
    ['0031_recipe_versions.sql', 'recipe_versions', recipeVersions],
    ['0031_recipe_versions.sql', 'recipe_version_steps', recipeVersionSteps],
    ['0034_report_templates.sql', 'report_template_versions', reportTemplateVersions],
    ['0034_report_templates.sql', 'report_template_steps', reportTemplateSteps],
  ] as const)('%s: the drizzle table %s has the columns of its migration, in order', (file, name, table) => {
    expect(getTableConfig(table).name).toBe(name);
    expect(schemaColumns(table)).toEqual(migrationColumns(file, name));
  });

  it('places the code column after id and the extra columns after the content hash', () => {
    const keys = Object.keys(flowVersionColumns({ thingCode: flowStepColumns().role }, { a: flowStepColumns().hash, b: flowStepColumns().data }));
    expect(keys).toEqual(['id', 'thingCode', 'version', 'content', 'contentHash', 'a', 'b', 'basedOn', 'note', 'flowCode', 'flowVersion', 'createdBy', 'createdAt']);
    expect(Object.keys(flowVersionColumns({ thingCode: flowStepColumns().role }))).not.toContain('a');
  });

  it('gives new column builders on every call, so two tables never share one', () => {
    const [a, b] = [flowStepColumns(), flowStepColumns()];
    for (const key of Object.keys(a) as (keyof typeof a)[]) expect(a[key]).not.toBe(b[key]);
    const [v, w] = [flowVersionColumns({}), flowVersionColumns({})];
    for (const key of Object.keys(v) as (keyof typeof v)[]) expect(v[key]).not.toBe(w[key]);
  });
});
