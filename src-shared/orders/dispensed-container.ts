/**
 * The id of a dispensed container (issue 17 item 4): `DC-<seq>`, where seq is the station
 * ledger sequence of the weighing that filled it. A seq names exactly one entry of the
 * station's ledger, so the id names one weighing of one order and line without a register;
 * the label prints it as GS1 AI 21 (CSET 82 allows "-"), and a plain scan of it parses too.
 */
const PATTERN = /^DC-([1-9]\d{0,14})$/;

export function dispensedContainerId(weighingSeq: number): string {
  return `DC-${weighingSeq}`;
}

/** The weighing seq a dispensed container id names, or null for any other id. */
export function weighingSeqOf(containerId: string): number | null {
  const m = PATTERN.exec(containerId.trim().toUpperCase());
  return m ? Number(m[1]) : null;
}
