/** Recorded in the genesis entry so the record shows which software wrote it (GAMP 5). */
export const SOFTWARE_VERSION = '0.1.0';
