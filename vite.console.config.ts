// The hub's web console (src-console) for QA, QPs and IT, built to dist-console and served by
// the hub under /console/ (src-server/quality/http/console-static.ts). No inline scripts or
// data: modules, so the console's strict CSP (script-src 'self') holds.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./src-console', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist-console', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'chrome120',
  },
  logLevel: 'warn',
});
