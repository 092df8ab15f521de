/**
 * The quality suites run on both hub databases (embedded PGlite and the PostgreSQL server at
 * 127.0.0.1:5432), through the hub suite's backends (test/hub/support/hub-backends.ts).
 */
import type { BackendName } from '../../hub/support/hub-backends.ts';

export const QUALITY_BACKENDS: BackendName[] = ['pglite', 'postgres'];
