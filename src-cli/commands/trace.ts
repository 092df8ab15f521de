/**
 * `batchline trace` — genealogy from the hub for QA and recall teams (issue 7):
 *
 *   batchline trace --lot LOT-1 --direction forward --hub https://hub.example [--format text|csv|json]
 *   batchline trace --lot LOT-1 --recall --format csv --hub https://hub.example > recall.csv
 *
 * `--recall` prints the recall list of a lot (every batch with the total of the lot that went
 * into it, every lot made from it) exactly as the hub exports it (CSV or JSON, the same bytes
 * the console downloads; the export is audited at the hub).
 * Start from a lot, a source container or a batch; forward follows the material (where did it
 * go?), backward goes against it (what went in?). Every hit is printed with its path. The hub
 * needs a signed-in account with the qa, qp or operator role: `--user NAME` with the password
 * in BATCHLINE_PASSWORD (the one password variable of the CLI; BATCHLINE_HUB_PASSWORD still
 * works, with a deprecation warning), or a session token in BATCHLINE_HUB_TOKEN (never on the
 * command line, where other users of the machine could read it).
 */
import type { Command } from 'commander';

import type { CliIo } from '../cli-io.ts';
import { refuseIn, say, type CliWordKey } from '../cli-words.ts';
import { passwordFromEnv } from '../cli-password.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure } from '../cli-io.ts';
import { ErrorBodySchema, LoginResultSchema, API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { RecallListSchema, TraceResultSchema, type GenealogyNodeKind, type TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { csvCell } from '../../src-shared/quality/recall-export.ts';
import { cliOptionalInteger } from '../cli-number.ts';

interface TraceOptions {
  lot?: string;
  container?: string;
  batch?: string;
  direction: string;
  hub?: string;
  user?: string;
  maxDepth?: string;
  json?: boolean;
  recall?: boolean;
  format?: string;
}

export function registerTraceCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('trace')
    .description('trace genealogy at the hub: where a lot went (forward) or what went into a batch (backward), with the path of each hit')
    .option('--lot <id>', 'start from this lot')
    .option('--container <id>', 'start from this source container')
    .option('--batch <number>', 'start from this batch')
    .option('--direction <dir>', 'forward (follow the material) or backward (against it)', 'forward')
    .option('--hub <url>', 'hub base URL (default: BATCHLINE_HUB_URL)')
    .option('--user <name>', 'hub account; the password is read from BATCHLINE_PASSWORD')
    .option('--max-depth <n>', 'stop after this many steps')
    .option('--json', 'print the hub answer as JSON (same as --format json)')
    .option('--recall', 'the recall list of the lot (--lot) instead of the trace')
    .option('--format <format>', 'text (default), csv or json')
    .action(async (opts: TraceOptions) => setExit(await runTrace(opts, io)));
}

async function runTrace(opts: TraceOptions, io: CliIo): Promise<number> {
  const starts = (['lot', 'container', 'batch'] as const).filter((k) => opts[k] !== undefined);
  if (starts.length !== 1) {
    return refuseIn(io, 'USAGE_INVALID', 'traceGiveOneStart', {}, EXIT_USAGE);
  }
  const kind: GenealogyNodeKind = starts[0]!;
  if (opts.direction !== 'forward' && opts.direction !== 'backward') {
    return refuseIn(io, 'USAGE_INVALID', 'traceDirectionInvalid', { value: opts.direction }, EXIT_USAGE);
  }
  const format = opts.format ?? (opts.json ? 'json' : 'text');
  if (format !== 'text' && format !== 'csv' && format !== 'json') {
    return refuseIn(io, 'USAGE_INVALID', 'traceFormatInvalid', { value: format }, EXIT_USAGE);
  }
  if (opts.recall && kind !== 'lot') {
    return refuseIn(io, 'USAGE_INVALID', 'traceRecallNeedsLot', {}, EXIT_USAGE);
  }
  const maxDepth = cliOptionalInteger('--max-depth', opts.maxDepth, 1, 500);
  const hubUrl = (opts.hub ?? io.env.BATCHLINE_HUB_URL ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(hubUrl)) {
    return refuseIn(io, 'USAGE_INVALID', 'giveHub', {}, EXIT_USAGE);
  }
  const token = await sessionToken(hubUrl, opts.user, io);
  if (typeof token === 'number') return token;
  if (opts.recall) return runRecall(hubUrl, token, opts.lot!, format, maxDepth, io);
  const query = new URLSearchParams({ kind, id: opts[kind]!, direction: opts.direction, ...(maxDepth ? { maxDepth: String(maxDepth) } : {}) });
  const answer = await call(`${hubUrl}${API_PREFIX}/genealogy/trace?${query}`, { headers: { authorization: `Bearer ${token}` } }, io);
  if (typeof answer === 'number') return answer;
  const parsed = TraceResultSchema.safeParse(answer);
  if (!parsed.success) {
    return refuseIn(io, 'HUB_RESPONSE_INVALID', 'hubAnswerNotTrace', {}, EXIT_FAILED);
  }
  if (format === 'json') io.out(JSON.stringify(parsed.data, null, 2));
  else if (format === 'csv') io.out(traceCsv(parsed.data));
  else printTrace(parsed.data, io);
  return EXIT_OK;
}

async function runRecall(hubUrl: string, token: string, lotId: string, format: 'text' | 'csv' | 'json', maxDepth: number | undefined, io: CliIo): Promise<number> {
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const depth = maxDepth ? `maxDepth=${maxDepth}` : '';
  if (format !== 'text') {
    const res = await fetch(`${hubUrl}${API_PREFIX}/genealogy/recall/${encodeURIComponent(lotId)}/export?format=${format}${depth ? `&${depth}` : ''}`, auth).catch((e: Error) => e);
    if (res instanceof Error) {
      return refuseIn(io, 'HUB_UNREACHABLE', 'hubUnreachable', { origin: new URL(hubUrl).origin, reason: res.message }, EXIT_USAGE);
    }
    const text = await res.text();
    if (!res.ok) {
      const refusal = ErrorBodySchema.safeParse(JSON.parse(text.startsWith('{') ? text : 'null'));
      return hubRefused(io, refusal.success ? refusal.data.error : null, res.status);
    }
    io.out(text.replace(/^\ufeff/, '').replace(/\r?\n$/, ''));
    return EXIT_OK;
  }
  const answer = await call(`${hubUrl}${API_PREFIX}/genealogy/recall/${encodeURIComponent(lotId)}${depth ? `?${depth}` : ''}`, auth, io);
  if (typeof answer === 'number') return answer;
  const parsed = RecallListSchema.safeParse(answer);
  if (!parsed.success) {
    return refuseIn(io, 'HUB_RESPONSE_INVALID', 'hubAnswerNotRecall', {}, EXIT_FAILED);
  }
  const r = parsed.data;
  io.out(say(io, 'recallTitle', { lot: r.lot.key, label: r.lot.label, batches: r.batches.length, lots: r.lots.length }));
  for (const b of r.batches) {
    const key = b.total ? (b.decision ? 'recallBatchTotalDecision' : 'recallBatchTotal') : b.decision ? 'recallBatchDecision' : 'recallBatch';
    io.out(say(io, key, { batch: b.batchNumber, total: b.total ?? '', decision: b.decision ?? '' }));
  }
  for (const l of r.lots) io.out(say(io, 'recallLot', { lot: l.lotId, role: l.role, producedBy: l.producedBy }));
  return EXIT_OK;
}

function traceCsv(t: TraceResult): string {
  const rows = t.hits.map((h) => [h.node.kind, h.node.key, h.node.label, h.depth, h.quantity ?? '', h.total ?? '', h.path.join(' > ')].map(csvCell).join(','));
  return ['kind,id,label,depth,quantity,total,path', ...rows].join('\r\n');
}

export async function sessionToken(hubUrl: string, user: string | undefined, io: CliIo): Promise<string | number> {
  if (user === undefined) {
    const token = io.env.BATCHLINE_HUB_TOKEN;
    if (token) return token;
    return refuseIn(io, 'USAGE_INVALID', 'signInNeeded', {}, EXIT_USAGE);
  }
  const password = passwordFromEnv(io);
  if (!password) {
    return refuseIn(io, 'PASSWORD_NOT_GIVEN', 'hubPasswordNotGiven', {}, EXIT_USAGE);
  }
  const answer = await call(`${hubUrl}${API_PREFIX}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) }, io);
  if (typeof answer === 'number') return answer;
  const login = LoginResultSchema.safeParse(answer);
  if (!login.success) {
    return refuseIn(io, 'HUB_RESPONSE_INVALID', 'hubAnswerLogin', {}, EXIT_FAILED);
  }
  return login.data.token;
}

/** The parsed JSON body, or an exit code after printing why not. */
export async function call(url: string, init: RequestInit, io: CliIo): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    return refuseIn(io, 'HUB_UNREACHABLE', 'hubUnreachable', { origin: new URL(url).origin, reason: (e as Error).message }, EXIT_USAGE);
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return body;
  const refusal = ErrorBodySchema.safeParse(body);
  return hubRefused(io, refusal.success ? refusal.data.error : null, res.status);
}

/**
 * The hub's typed refusal as the command's own (FR-149): the code's words in --lang with the hub's
 * message as the detail, JSON with --json; an answer without one names its HTTP status. Exit 1.
 */
export function hubRefused(io: CliIo, error: { code: string; message: string } | null, status: number): number {
  if (error) return printFailure(io, io.json, error, EXIT_FAILED);
  return refuseIn(io, 'HUB_ERROR', 'hubAnsweredHttp', { status }, EXIT_FAILED);
}

function printTrace(t: TraceResult, io: CliIo): void {
  const kind = (k: GenealogyNodeKind): string => say(io, KIND_WORDS[k]);
  io.out(say(io, 'traceTitle', { direction: say(io, t.direction === 'forward' ? 'traceForward' : 'traceBackward'), kind: kind(t.start.kind), key: t.start.key, label: t.start.label, hits: t.hits.length }));
  const counts = new Map<GenealogyNodeKind, number>();
  for (const h of t.hits) counts.set(h.node.kind, (counts.get(h.node.kind) ?? 0) + 1);
  io.out(`  ${[...counts].map(([k, n]) => say(io, 'traceCount', { count: n, kind: kind(k) })).join(', ') || say(io, 'traceNothing')}`);
  for (const h of t.hits) {
    const hit = { kind: kind(h.node.kind), key: h.node.key, label: h.node.label, quantity: h.quantity ?? '', total: h.total ?? '' };
    const indent = '  '.repeat(Math.min(h.depth, 8));
    io.out(indent + say(io, h.total && h.total !== h.quantity ? 'traceHitTotal' : h.quantity ? 'traceHitQuantity' : 'traceHit', hit));
    io.out(indent + say(io, 'traceVia', { path: h.path.join(' → ') }));
  }
  if (t.depthLimitReached) io.err(say(io, t.cycle ? 'traceDepthLimitCycle' : 'traceDepthLimit', { depth: t.maxDepth ?? '', cycle: t.cycle?.join(' → ') ?? '' }));
}

const KIND_WORDS: Readonly<Record<GenealogyNodeKind, CliWordKey>> = { lot: 'kindLot', container: 'kindContainer', dispense: 'kindDispense', batch: 'kindBatch' };

