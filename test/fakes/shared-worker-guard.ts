/**
 * Integration files share worker processes (vitest.config.ts, isolate: false), so what one file
 * leaves in process.env reaches the files after it in the same worker: a hub started there
 * would read another file's ERP endpoint or notification interval. This setup file fails the
 * file that changed a BATCHLINE_* variable without putting it back (its own afterAll hooks run
 * before this one).
 */
import { afterAll, beforeAll, expect } from 'vitest';

const batchlineEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BATCHLINE_')).sort(([a], [b]) => a.localeCompare(b)));

let before: Record<string, string | undefined> = {};
beforeAll(() => {
  before = batchlineEnv();
});
afterAll(() => {
  expect(batchlineEnv(), 'BATCHLINE_* variables must be as they were before this file (the next file in this worker sees them)').toEqual(before);
});
