/**
 * The plant's own data on a console screen (names, lot numbers, what people typed, record-line
 * values) as written, marked `translate="no"`: the zh-CN sweep exempts exactly these elements
 * (issue 18 item 9). The station has the same two pieces (src-renderer/components/plant-data.tsx).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordLine } from '../../src-shared/record/record-line.ts';
import { renderRecordLineParts } from '../../src-shared/record/record-line-text.ts';

export function Data({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span translate="no" className={className}>
      {children}
    </span>
  );
}

export function RecordLineText({ line, formatTime }: { line: RecordLine; formatTime?: (iso: string) => string }) {
  const { i18n } = useTranslation();
  return (
    <>
      {renderRecordLineParts(line, i18n.language, formatTime).map((p, i) => (p.data ? <Data key={i}>{p.text}</Data> : <span key={i}>{p.text}</span>))}
    </>
  );
}

const MARK = '\u0000';

/** A translated sentence with some of its values marked as data (the values swapped for markers, then split back). */
export function TData({ k, values, data }: { k: string; values: Record<string, unknown>; data: readonly string[] }) {
  const { t } = useTranslation();
  const marked = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, data.includes(name) ? `${MARK}${name}${MARK}` : v]));
  const pieces = t(k, { ...marked, interpolation: { escapeValue: false } }).split(MARK);
  return (
    <>
      {pieces.map((piece, i) => (i % 2 === 1 && data.includes(piece) ? <Data key={i}>{String(values[piece])}</Data> : piece ? <span key={i}>{piece}</span> : null))}
    </>
  );
}
