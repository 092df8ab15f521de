import { defineConfig } from 'drizzle-kit';

// The hub's schema (PostgreSQL: PGlite and a real server share it). `npx drizzle-kit generate
// --config drizzle.hub.config.ts` writes numbered SQL migrations into src-server/db/migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src-server/db/schema.ts',
  out: './src-server/db/migrations',
});
