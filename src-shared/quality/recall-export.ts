/**
 * The recall list as a file a recall team opens in a spreadsheet or feeds to its ERP (issue 18
 * item 13): CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read Chinese names) or JSON.
 * Pure: the hub's export route and `batchline trace --recall --format csv` build the same
 * bytes from the same list. One row per batch and per lot made from the traced lot.
 */
import type { RecallList } from './genealogy-contract.ts';

export const RECALL_CSV_COLUMNS = ['kind', 'id', 'label', 'total', 'decision_or_role', 'produced_by', 'depth', 'path'] as const;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
export function csvCell(v: unknown): string {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function recallCsv(r: RecallList): string {
  const rows: unknown[][] = [
    ...r.batches.map((b) => ['batch', b.batchNumber, b.label, b.total ?? '', b.decision ?? '', '', b.depth, b.path.join(' > ')]),
    ...r.lots.map((l) => ['lot', l.lotId, l.label, '', l.role, l.producedBy, l.depth, l.path.join(' > ')]),
  ];
  return '\ufeff' + [RECALL_CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export function recallJson(r: RecallList): string {
  return JSON.stringify(r, null, 1);
}

/** A file name that names the lot and when, safe on every file system. */
export function recallFileName(lotId: string, at: Date, format: 'csv' | 'json'): string {
  return `recall-${lotId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${at.toISOString().replace(/[:.]/g, '-')}.${format}`;
}
