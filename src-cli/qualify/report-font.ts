/**
 * The PDF font as the CLI finds it on this machine: the shared choice (src-core/report/pdf-font.ts)
 * with the file system's answer to "is this font installed", and its bytes, read once per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { pickReportFont, type ReportFont } from '../../src-core/report/pdf-font.ts';

export { latin1Only, type ReportFont } from '../../src-core/report/pdf-font.ts';

/** `given` is FILE or FILE#PostScriptName (for a .ttc collection). */
export function findReportFont(given: string | undefined): ReportFont {
  return pickReportFont(given, existsSync, readFileSync);
}
