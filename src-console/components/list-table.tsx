/**
 * The console's list of records: the hub's refusal if the list could not be read, "loading" until
 * the first answer, the empty words when there is nothing, else a table with a header row and one
 * row per record. A list whose records open elsewhere names the column whose cell is the row's
 * open button: that button is the keyboard's way in (Tab to it, Enter or Space), and a click
 * anywhere else on the row does the same for the mouse (not on the row's own controls, and not
 * when the reader was selecting text).
 */
import type { HTMLAttributes, Key, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { ErrorNotice } from './error-notice.tsx';

export type ListColumn<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell is the row's open button (only with `onOpen`). */
  opens?: boolean;
  className?: string;
  /** Plant data (names, sites): left alone by page translation. */
  noTranslate?: boolean;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** The cell's test id (the same in every row: tests find it within the row). */
  testId?: string;
};

export type ListTableProps<T> = {
  /** The records as `useLoad` keeps them: null until the hub first answered (or when it refused), whether it is asking, its refusal. */
  list: { data: readonly T[] | null; loading?: boolean; error?: BatchlineError | null };
  columns: readonly ListColumn<T>[];
  rowKey: (row: T) => Key;
  /** The words when there is nothing to list: each list says what it lists none of. */
  empty: ReactNode;
  emptyTestId?: string;
  onOpen?: (row: T) => void;
  openTestId?: (row: T) => string;
  /** Attributes of a row's `<tr>` (test ids, data-* the screen's tests read). */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number | undefined>;
  testId?: string;
  className?: string;
};

/** The row's own controls: a click on one of them is theirs, not the row's. */
const CONTROLS = 'button, a, input, select, textarea, label, summary, [role="button"]';

/** Whether a click on a row (landing on `target`, with `selected` text selected in the page) opens the row. */
export function clickOpensRow(target: unknown, selected: string): boolean {
  if (selected !== '') return false;
  const closest = (target as { closest?: (selector: string) => unknown } | null)?.closest;
  return typeof closest !== 'function' || closest.call(target, CONTROLS) == null;
}

export function ListTable<T>({ list, columns, rowKey, empty, emptyTestId, onOpen, openTestId, rowProps, testId, className }: ListTableProps<T>) {
  const { t } = useTranslation();
  const { data: rows, loading = false, error = null } = list;
  const cell = (column: ListColumn<T>, row: T): ReactNode =>
    column.opens && onOpen ? (
      <Button onClick={() => onOpen(row)} data-testid={openTestId?.(row)}>
        {column.cell(row)}
      </Button>
    ) : (
      column.cell(row)
    );
  return (
    <>
      <ErrorNotice error={error} />
      {rows === null && loading && !error ? (
        <p className="hint" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p data-testid={emptyTestId}>{empty}</p> : null}
      {rows && rows.length > 0 ? (
        <table className={className} data-testid={testId}>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={rowKey(row)}
                {...rowProps?.(row)}
                className={onOpen ? 'list-row-opens' : undefined}
                onClick={onOpen ? (e) => clickOpensRow(e.target, window.getSelection()?.toString() ?? '') && onOpen(row) : undefined}
              >
                {columns.map((c, i) => {
                  const Cell = c.rowHeader ? 'th' : 'td';
                  return (
                    <Cell key={i} scope={c.rowHeader ? 'row' : undefined} className={c.className} translate={c.noTranslate ? 'no' : undefined} data-testid={c.testId}>
                      {cell(c, row)}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
