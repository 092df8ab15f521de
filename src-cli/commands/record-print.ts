/**
 * `batchline record --pdf OUT.pdf` (issue 15 item 1): the executed batch record as a PDF, from
 * the station database (--db) or from the hub (--hub, the record as the hub verified it).
 * One renderer (src-core/record/batch-record-pdf.ts) serves the CLI, the hub and the station.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { CliIo } from '../cli-io.ts';
import { refuseIn, say } from '../cli-words.ts';
import { EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import type { BatchRecord } from '../../src-shared/orders/batch-record.ts';
import { API_PREFIX, ErrorBodySchema } from '../../src-shared/sync/sync-protocol.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { localOffset } from '../../src-shared/time/zoned-time.ts';
import { findReportFont } from '../qualify/report-font.ts';
import { hubRefused, sessionToken } from './trace.ts';

export type PrintLang = 'en' | 'zh-CN';

export function parseLang(lang: string | undefined, io: CliIo): PrintLang | null {
  const l = lang ?? 'en';
  if (l === 'en' || l === 'zh-CN') return l;
  refuseIn(io, 'USAGE_INVALID', 'langInvalid', { lang: l }, EXIT_USAGE);
  return null;
}

export async function writeRecordPdf(record: BatchRecord, out: string, lang: PrintLang, printedBy: string | undefined, font: string | undefined, io: CliIo): Promise<number> {
  const f = findReportFont(font ?? io.env.BATCHLINE_CJK_FONT);
  if (!f.path) io.err(say(io, 'noCjkFont', { lookedFor: f.lookedFor }));
  const now = new Date();
  const pdf = await batchRecordPdf(record, { locale: lang, font: f, printedBy: printedBy ?? `${userInfo().username} (OS)`, printedAt: now, printedAtOffset: localOffset(now), softwareVersion: SOFTWARE_VERSION });
  writeFileSync(out, pdf);
  io.out(say(io, 'recordWrote', { batch: record.batchNumber, lang, path: out, hash: record.recordHash }));
  return EXIT_OK;
}

/** The PDF as the hub renders it from the entries it verified (GET …/batch-record.pdf). */
export async function downloadRecordPdf(opts: { hub: string; batch: string; pdf: string; lang: PrintLang; user?: string }, io: CliIo): Promise<number> {
  const hubUrl = opts.hub.replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(hubUrl)) {
    return refuseIn(io, 'USAGE_INVALID', 'giveHub', {}, EXIT_USAGE);
  }
  const token = await sessionToken(hubUrl, opts.user, io);
  if (typeof token === 'number') return token;
  const url = `${hubUrl}${API_PREFIX}/quality/batches/${encodeURIComponent(opts.batch)}/batch-record.pdf?lang=${opts.lang}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((e: Error) => e);
  if (res instanceof Error) {
    return refuseIn(io, 'HUB_UNREACHABLE', 'hubUnreachable', { origin: new URL(hubUrl).origin, reason: res.message }, EXIT_USAGE);
  }
  if (!res.ok) {
    const refusal = ErrorBodySchema.safeParse(await res.json().catch(() => null));
    return hubRefused(io, refusal.success ? refusal.data.error : null, res.status);
  }
  writeFileSync(opts.pdf, Buffer.from(await res.arrayBuffer()));
  io.out(say(io, 'recordWroteFromHub', { batch: opts.batch, lang: opts.lang, hub: new URL(hubUrl).origin, path: opts.pdf, hash: res.headers.get('x-batchline-record-hash') ?? '?' }));
  return EXIT_OK;
}
