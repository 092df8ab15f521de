// Owned by returns to stock and reconciliation (issue 17 items 5 and 6). Add codes here, never
// rename shipped ones: refusal entries and deviations record them.
export const RECONCILIATION_ERROR_CODES = [
  // The container was not issued to this order (never scanned for it), so it cannot come back from it.
  'RETURN_CONTAINER_NOT_USED',
  // The container is the source of the portion being weighed now: finish or leave that portion first.
  'RETURN_CONTAINER_IN_USE',
  // This container's return is recorded and settled; a second one would count it twice.
  'RETURN_ALREADY_RECORDED',
  // A supervisor must decide the difference of this return (accept, adjust stock, open a deviation) first.
  'RETURN_DISCREPANCY_PENDING',
  // No difference beyond the limit waits for a decision on this container.
  'RETURN_NO_DISCREPANCY',
  // Declared empty, but the balance found more than the limit in it.
  'CONTAINER_NOT_EMPTY',
  // The reading is below the container's empty weight by more than the limit (wrong container, balance not zeroed).
  'RETURN_BELOW_TARE',
  // A return label before the return is settled, or for a container declared empty.
  'RETURN_LABEL_NOT_DUE',
  // Containers issued to the order have no return recorded yet (details.containers).
  'RETURN_MISSING',
  // Reconciliation needs every step done; complete-order needs the reconciliation once returns were recorded.
  'RECONCILIATION_NOT_READY',
  'RECONCILIATION_MISSING',
  'RECONCILIATION_RECORDED',
] as const;
