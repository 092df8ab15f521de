/**
 * The requirements a traceability matrix is built from, read from the project's own markdown
 * (docs/compliance.md for the regulatory rows, docs/requirements.md for the product's functions)
 * so the matrix can never list a row the documents do not, nor miss one they add.
 *
 * A row is a markdown table line whose first cell is an id like `P11-23`, `A11-08`, `DI-05`,
 * `D25-03` or `FR-04`; the next two cells are the regulation reference and the requirement.
 */
export interface Requirement {
  readonly id: string;
  readonly reference: string;
  readonly text: string;
  /** The document the row came from, as given (e.g. docs/compliance.md). */
  readonly document: string;
}

/**
 * Every id a test title may carry; also used to find ids inside test titles. Two digits or more:
 * with exactly two, FR-100 and beyond were neither rows of the matrix nor found in titles, so the
 * matrix silently left them out (and `--strict` could not fail for them).
 */
export const REQUIREMENT_ID = /\b(?:P11|A11|DI|D25|FR)-\d{2,}\b/g;
const ROW = /^\|\s*((?:P11|A11|DI|D25|FR)-\d{2,})\s*\|([^|]*)\|([^|]*)\|/;

export function parseRequirementTable(markdown: string, document: string): Requirement[] {
  const rows: Requirement[] = [];
  const seen = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    const id = m[1]!;
    // A duplicated id would make two rows share one proof; the first one wins, as in the table.
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push({ id, reference: m[2]!.trim(), text: m[3]!.trim(), document });
  }
  return rows;
}

export function idsIn(title: string): string[] {
  return [...new Set(title.match(REQUIREMENT_ID) ?? [])];
}
