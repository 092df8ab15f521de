/**
 * `batchline --version [--json]`: the app version, the documents' version and hash, and the
 * database schema this installation makes (COMPLIANCE P11-14). Plain: one line per fact.
 */
import { EXIT_OK, type CliIo } from '../cli-io.ts';
import { say } from '../cli-words.ts';
import { installedReleaseInfo } from '../../src-main/release-info.ts';

export function printVersion(json: boolean, io: CliIo): number {
  const r = installedReleaseInfo();
  if (json) {
    io.out(JSON.stringify(r));
  } else {
    io.out(say(io, 'versionApp', { version: r.appVersion }));
    const docs = r.docsVersion === null || r.docsVersion === undefined ? 'versionDocsNone' : 'versionDocs';
    io.out(r.docsSha256 ? say(io, `${docs}Hash`, { version: r.docsVersion ?? '', sha: r.docsSha256 }) : say(io, docs, { version: r.docsVersion ?? '' }));
    io.out(say(io, 'versionSchema', { version: r.schemaVersion }));
  }
  return EXIT_OK;
}
