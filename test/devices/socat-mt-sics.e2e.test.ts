import { socatSuite } from './socat-e2e-suite.ts';

socatSuite('mt-sics');
