/**
 * The plant's own data on screen — material, step and balance names, lot numbers, people's
 * names, what someone typed — is shown as the plant wrote it and marked `translate="no"` (the
 * HTML attribute for text that is not UI wording): browsers' translators leave it alone and the
 * zh-CN sweep (test/e2e/zh-cn-sweep.e2e.test.ts) exempts exactly these elements, so any other
 * English word on a zh-CN screen is an untranslated one (issue 18 item 9).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordLine } from '../../src-shared/record/record-line.ts';
import { renderRecordLineParts } from '../../src-shared/record/record-line-text.ts';

export function Data({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  return (
    <span translate="no" className={className} data-testid={testId}>
      {children}
    </span>
  );
}

/** A record line in the reader's language, its values (the entry's own data) marked as data. */
export function RecordLineText({ line, formatTime, testId }: { line: RecordLine; formatTime?: (iso: string) => string; testId?: string }) {
  const { i18n } = useTranslation();
  return (
    <span data-testid={testId}>
      {renderRecordLineParts(line, i18n.language, formatTime).map((p, i) => (p.data ? <Data key={i}>{p.text}</Data> : <span key={i}>{p.text}</span>))}
    </span>
  );
}

const MARK = '\u0000';

/**
 * A translated sentence with some of its values marked as data: `t(key, values)` with each
 * data value swapped for a marker, then split back into pieces.
 */
export function TData({ k, values, data }: { k: string; values: Record<string, string | number>; data: readonly string[] }) {
  const { t } = useTranslation();
  const marked = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, data.includes(name) ? `${MARK}${name}${MARK}` : v]));
  const text = t(k, { ...marked, interpolation: { escapeValue: false } });
  const pieces = text.split(MARK);
  return (
    <>
      {pieces.map((piece, i) => (i % 2 === 1 && data.includes(piece) ? <Data key={i}>{String(values[piece])}</Data> : piece ? <span key={i}>{piece}</span> : null))}
    </>
  );
}
