/**
 * One readable line per batch-record entry, for reviewers and the printed record (Annex 11
 * §8: clear printed copies). Values always carry their units. The line is described once
 * (src-shared/record/record-line.ts) and put into words per language
 * (src-shared/record/record-line-text.ts); this is the English text the CLI and the record's
 * `summary` field carry. Screens render the same description in the reader's language.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { CorrectionNotApplied } from '../../src-shared/orders/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';

/**
 * Station record, `batchline record` and the hub's console all call this one function, so a line
 * reads the same wherever the record is shown. `notApplied`: a form value correction the order fold
 * did not apply (FR-124), from the batch record. A payload not shaped as the engine writes it
 * (only possible for a hostile or corrupted entry, which verify names) is shown by its type.
 */
export function summarize(e: Pick<LedgerEntry, 'type' | 'payload'>, locale = 'en', notApplied?: CorrectionNotApplied): string {
  return renderRecordLine(describeEntry(e.type, e.payload, notApplied), locale);
}
