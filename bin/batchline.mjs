#!/usr/bin/env node
// The `batchline` command for IT and QA. Runs the TypeScript sources through tsx so the CLI
// and the station are always the same code; see src-cli/main.ts for the commands.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src-cli/main.ts');
process.exitCode = await main(process.argv);
