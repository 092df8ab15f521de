/**
 * `npm run bench [-- --quick] [-- name-filter]`: runs every bench/*.bench.ts and prints its
 * tables. Each bench measures Batchline and its baseline in the same run on the same machine.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, type BenchModule } from './bench-table.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
  const started = Date.now();
  const tables = await mod.default({ quick });
  for (const t of tables) console.log(formatTable(t) + '\n');
  console.log(`(${f}: ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
