/**
 * The test titles written in the sources, found without running anything. The matrix uses them
 * to tell a row whose test exists but did not run in the last results (a partial run, a skipped
 * suite) from a row that has no test at all: the first needs a run, the second needs a test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { idsIn } from './requirement-table.ts';

export interface NamedTest {
  readonly file: string;
  readonly title: string;
  readonly ids: readonly string[];
}

// it('…'), test.each(…)('…'), describe("…"), it(`…`): the first string argument is the title.
const TITLE = /\b(?:it|test|describe)(?:\.\w+(?:\([^)]*\))?)*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-renderer', 'dist-console', 'dist-electron', 'test-results', '.git']);

export function scanTestTitles(root: string, folders: readonly string[]): NamedTest[] {
  const named: NamedTest[] = [];
  for (const folder of folders) {
    for (const file of walk(join(root, folder))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(TITLE)) {
        // The title as the test runner shows it: escapes resolved (`it('the recipe\\'s …')`).
        const title = m[2]!.replace(/\\(.)/g, '$1');
        const ids = idsIn(title);
        if (ids.length > 0) named.push({ file: relative(root, file), title, ids });
      }
    }
  }
  return named;
}

function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(join(dir, e.name));
    } else if (/\.(test|e2e\.test)\.tsx?$|-suite\.ts$/.test(e.name)) {
      yield join(dir, e.name);
    }
  }
}
