import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes numbered SQL migrations into migrations/ from the TypeScript
// schema; hand-written ones (triggers) are made with `npx drizzle-kit generate --custom`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/db/schema/index.ts',
  out: './migrations',
});
