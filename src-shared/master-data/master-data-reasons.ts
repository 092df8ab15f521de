/**
 * Reasons the hub itself writes for a master-data change (FR-112): a goods receipt's new lots and
 * containers, an IQC sample taken from a container, a QC disposition or a LIMS/ERP status of a
 * lot. Stored as a code and its values beside the English `reason` (kept for the record's own
 * language and older readers), and worded in the reader's language by the console
 * (src-console/components/system-text.ts). Rows from before carry only their text and show it.
 */
export const MASTER_DATA_REASON_KEYS = ['goods-receipt', 'iqc-sampled', 'qc-disposition', 'qc-status', 'qc-status-dates', 'qc-retest'] as const;
export type MasterDataReasonKey = (typeof MASTER_DATA_REASON_KEYS)[number];
export type MasterDataReasonParams = Record<string, string | number>;
