import { defineConfig } from 'drizzle-kit';

// The hub's schema (PostgreSQL: PGlite and a real server share it). `npx drizzle-kit generate
// --config drizzle.hub.config.ts` writes numbered SQL migrations into src-server/db/migrations.
export default defineConfig({
  dialect: 'postgresql',
  // The quality area (issue 7) keeps its tables in its own file; one migrations folder for both.
  schema: ['./src-server/db/schema.ts', './src-server/quality/db/quality-schema.ts', './src-server/archive/archive-schema.ts', './src-server/quality/db/deviation-schema.ts', './src-server/quality/db/change-schema.ts', './src-server/quality/iqc/iqc-schema.ts', './src-server/quality/db/ipqc-schema.ts', './src-server/environment/environment-schema.ts', './src-server/alarm/alarm-schema.ts', './src-server/equipment-signals/signals-schema.ts', './src-server/equipment/equipment-schema.ts'],
  out: './src-server/db/migrations',
});
