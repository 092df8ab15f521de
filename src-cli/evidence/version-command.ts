/**
 * `batchline --version [--json]`: the app version, the documents' version and hash, and the
 * database schema this installation makes (COMPLIANCE P11-14). Plain: one line per fact.
 */
import { EXIT_OK, type CliIo } from '../cli-io.ts';
import { installedReleaseInfo } from '../../src-main/release-info.ts';

export function printVersion(json: boolean, io: CliIo): number {
  const r = installedReleaseInfo();
  if (json) {
    io.out(JSON.stringify(r));
  } else {
    io.out(`batchline ${r.appVersion}`);
    io.out(`docs ${r.docsVersion ?? '(not shipped)'}${r.docsSha256 ? ` sha256 ${r.docsSha256}` : ''}`);
    io.out(`schema ${r.schemaVersion}`);
  }
  return EXIT_OK;
}
