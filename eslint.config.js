// The layer table is the architecture diagram (ARCHITECTURE.md "Layers of the station",
// STYLE.md §1–2): each block says what a folder may NOT reach, and the message says why.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE_IO = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'net', 'http', 'child_process'];
const pkgs = (names, why) => names.map((name) => ({ name, message: why }));
// A relative import that climbs exactly `depth` folders to reach src-main/<folder>.
const upTo = (depth, folders, why) => ({ regex: `^(\\.\\./){${depth}}(${folders.join('|')})/`, message: why });
// One block per nesting depth under src-main/<layer>/, so '../sync/x' inside core/ledger (core's
// own sync folder) is told apart from '../../sync/x' (src-main/sync).
const layer = (name, paths, folders, why, extra = []) =>
  [1, 2, 3, 4].map((depth) => ({
    files: [`src-main/${name}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: { 'no-restricted-imports': ['error', { paths, patterns: [upTo(depth, folders, why), ...extra] }] },
  }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-*/**', 'release/**', 'tmp/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-var': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'smart'],
      // Unused imports, locals and parameters are the type checker's (tsconfig.json noUnusedLocals,
      // noUnusedParameters; a parameter kept for its place is named _x): the lint rule doing the
      // same took 80 % of the lint's rule time (issue 16 item 6).
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkgs([...NODE_IO, 'better-sqlite3', 'serialport', 'electron', 'fastify', 'react'], 'src-shared holds contracts and pure helpers both sides use: no I/O, no framework.'),
        patterns: [{ regex: '(^|/)src-(main|renderer|server)/', message: 'src-shared depends on nothing above it.' }],
      }],
    },
  },
  {
    // The shared Node core (ARCHITECTURE.md §0): ledger, canonical JSON, Merkle, PKI, password
    // hashing, request signatures, the order fold, the batch-record builder, domain rules. Station
    // and hub both stand on it, so it reaches neither, nor any I/O framework.
    files: ['src-core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkgs(['electron', 'serialport', '@serialport/parser-readline', '@serialport/bindings-cpp', 'better-sqlite3', 'fastify', '@fastify/websocket', 'react', 'pg', '@electric-sql/pglite', ...NODE_IO], 'src-core is pure TypeScript + node:crypto shared by station and hub: no Electron, serial ports, databases, HTTP or UI.'),
        patterns: [{ regex: '(^|/)src-(main|server|renderer|console|cli)/', message: 'src-core may import src-shared and src-core only; station (src-main), hub (src-server) and the CLI stand on it.' }],
      }],
    },
  },
  ...layer(
    'core',
    pkgs(['electron', 'serialport', '@serialport/parser-readline', '@serialport/bindings-cpp', 'better-sqlite3', 'fastify', '@fastify/websocket', 'react', 'pg', '@electric-sql/pglite', ...NODE_IO], 'station core is pure TypeScript + node:crypto: allowed are src-shared, src-core and other station core modules; it gets I/O through ports.'),
    ['db', 'web', 'electron', 'api', 'sync', 'cli', 'shell', 'devices'],
    'station core may import src-shared, src-core and station core only; db/web/electron/api/sync/devices depend on core or meet it through ports, not the reverse.',
    [{ regex: 'src-(renderer|server|console|cli)/', message: 'station core never reaches the renderer, the hub or the CLI.' }],
  ),
  ...layer(
    'devices',
    pkgs(['electron', 'better-sqlite3', 'fastify', 'react'], 'devices know serial ports, not batches, databases or screens.'),
    ['core', 'db', 'web', 'electron', 'api', 'sync', 'shell'],
    'devices may import src-shared and other devices modules only.',
    [{ regex: 'src-(renderer|server|console|cli|core)/', message: 'devices never reach the core, the renderer, the hub or the CLI: qualification rules live in src-core/equipment and are applied by the engine.' }],
  ),
  ...layer('db', pkgs(['electron', 'serialport', 'fastify', 'react'], 'db is SQLite repositories and projections only.'), ['web', 'electron', 'api', 'sync', 'devices', 'shell'], 'db may import src-shared and core (ports, pure functions) only.'),
  ...layer('api', pkgs(['electron', 'serialport', 'fastify', 'react'], 'api handlers are transport-free: electron/ and web/ bind them.'), ['web', 'electron'], 'api is bound by web/ and electron/, never the reverse.'),
  {
    // Applies to every src-main file the layer blocks above do not already cover at depth 0.
    files: ['src-main/*.ts', 'src-main/{shell,sync,web,electron,dispensing,demo,backup}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)src-(server|cli|renderer|console)/', message: 'the station never imports the hub or the CLI: the CLI (src-cli) is the one composition root above both.' }] }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', {
        paths: pkgs([...NODE_IO, 'node:crypto', 'better-sqlite3', 'serialport', 'electron', 'fastify'], 'the renderer runs in a sandboxed page: it talks only to the typed Station API client.'),
        patterns: [{ regex: '(^|/)src-(main|server)/', message: 'the renderer never imports from src-main or src-server: use src-shared contracts and the API client.' }],
      }],
    },
  },
  {
    files: ['src-console/**/*.ts', 'src-console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', {
        paths: pkgs([...NODE_IO, 'node:crypto', 'better-sqlite3', 'serialport', 'electron', 'fastify', 'pg', '@electric-sql/pglite'], 'the hub console runs in a browser: it talks only to the hub API through its client.'),
        patterns: [{ regex: '(^|/)src-(main|server)/', message: 'the console never imports from src-main or src-server: use src-shared contracts (and the station UI components in src-renderer/components).' }],
      }],
    },
  },
  {
    // renderer unit tests run in Node (catalogue checks read files); still never src-main
    files: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)src-(main|server)/', message: 'the renderer never imports from src-main or src-server.' }] }],
    },
  },
  {
    files: ['src-server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkgs(['electron', 'serialport', 'react'], 'the hub is a server: no Electron, no serial ports, no UI code here.'),
        patterns: [{ regex: '(^|/)src-(renderer|main|cli)/', message: 'the hub imports src-shared and src-core only; what it shares with the station lives in src-core, and the CLI composes both.' }],
      }],
    },
  },
);
