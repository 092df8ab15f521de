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
