// Owned by the hub's quality area (genealogy, review by exception, QP release; issue 7). Add
// codes here, never rename shipped ones: the hub audit trail records them with each refusal.
export const QUALITY_ERROR_CODES = [
  // Genealogy: the lot, container or batch to trace from is not in the hub's genealogy.
  'TRACE_START_UNKNOWN',
  // A trace would return more nodes than the hub serves in one answer.
  'TRACE_TOO_LARGE',
  // Review and release.
  'BATCH_UNKNOWN',
  'BATCH_NOT_COMPLETE',
  'BATCH_ALREADY_DECIDED',
  // Release without a QA review signature over the batch record as it is now.
  'REVIEW_REQUIRED',
  // The reviewer or releaser took part in the batch (EU GMP Annex 11 draft 2025: independent review).
  'REVIEWER_NOT_INDEPENDENT',
  // QP release refused while any deviation of the batch is open (details list them).
  'RELEASE_DEVIATIONS_OPEN',
  // The QP who releases is the person who signed the QA review.
  'RELEASE_SAME_PERSON',
  // Release refused while a station signature stands invalidated by a later correction of its entry (DI-13).
  'RELEASE_SIGNATURES_INVALIDATED',
  // An account may not hold the admin role together with a GMP role (21 CFR 11.200(a)(3)).
  'GMP_ROLE_CONFLICT',
  'DEVIATION_UNKNOWN',
  'DEVIATION_ALREADY_CLOSED',
  // A lot recorded as the output of a batch is already the output of another batch.
  'OUTPUT_LOT_CONFLICT',
  // SPC (issue 12): too few points or subgroups for limits, a subgroup size outside 2…25 or unequal
  // sizes, a value that is not a finite number, specification limits the wrong way round.
  'SPC_TOO_FEW_POINTS',
  'SPC_SUBGROUP_SIZE',
  'SPC_VALUE_NOT_FINITE',
  'SPC_SPEC_LIMITS_INVALID',
  // Deviation records at the hub (issue 12): a step taken from the wrong state (details: state,
  // expected), a station deviation already followed up by a record, effectiveness checked while
  // CAPA actions are open (details list them), a CAPA action the record does not have.
  'DEVIATION_STATE_INVALID',
  'DEVIATION_ALREADY_OPENED',
  'CAPA_ACTIONS_OPEN',
  'CAPA_ACTION_UNKNOWN',
  // QP release refused while a deviation record linked to the batch, or a CAPA action of one,
  // is open (details.records lists each).
  'RELEASE_QUALITY_RECORDS_OPEN',
  // Change control (issue 12 item 6): no such change; a step taken from the wrong state.
  'CHANGE_UNKNOWN',
  'CHANGE_STATE_INVALID',
  // SPC limits: none frozen yet for that product and check; freezing new ones without an
  // approved change control naming the setting spc/<product>/<check>.
  'SPC_LIMITS_UNKNOWN',
  'SPC_CHANGE_REQUIRED',
  // SPC charts (issue 12 item 3): no measured subgroups are recorded for that product and check.
  'SPC_NO_DATA',
  // Incoming inspection and finished-product results (issue 12 items 1 and 4): no specification
  // in force; a specification version without an approved change naming spec/<material>; no such
  // sampling task; a step in the wrong task state; a LIMS result id repeated with other content;
  // a disposition before every test has a result; an unreadable B2MML receipt; QP release while
  // an OQC result is missing or out of specification (details.findings lists each).
  'SPEC_UNKNOWN',
  'SPEC_CHANGE_REQUIRED',
  'IQC_TASK_UNKNOWN',
  'IQC_STATE_INVALID',
  'IQC_RESULT_CONFLICT',
  'IQC_RESULTS_INCOMPLETE',
  'IQC_RECEIPT_INVALID',
  'RELEASE_OQC_OPEN',
  // FR-143: releasing a lot, ending its rejection, letting it be used longer (a later expiry or
  // retest date) or changing the analytical values of a released lot is QC's decision (the signed
  // IQC disposition or retest, or the LIMS), never a master-data steward's.
  'LOT_DECISION_QC_ONLY',
  // FR-143: what identifies a registered lot or container (the lot's material, a container's lot
  // and material) is fixed: register a new one instead.
  'MASTER_DATA_FIELD_FIXED',
  // FR-143: the lims role is a service account's (it relays QC's decisions): held with no other role.
  'LIMS_ROLE_CONFLICT',
  // FR-153: a lot under incoming inspection at the hub (its sampling task not disposed) is released
  // only by that task's signed disposition, never by the LIMS or a plain change.
  'IQC_INSPECTION_OPEN',
  // FR-153: a disposition would release a lot someone put on hold or rejected during its
  // inspection: the lot is put back in quarantine first (a hold by whoever may hold it; a
  // rejection only by the LIMS, QC's system: docs/known-issues.md).
  'IQC_LOT_NOT_QUARANTINED',
  // FR-153: material QC did not inspect under an inspected lot: a new container under a released
  // lot (or one under inspection), or a container's quantity grown there.
  'CONTAINER_NOT_INSPECTED',
  // FR-153: a retest whose results recorded at the hub are out of specification extends nothing.
  'IQC_RETEST_FAILED',
  // FR-153: a signed retest cites results recorded after the lot's disposition and last retest,
  // cited by neither (never the incoming inspection's results again).
  'IQC_RETEST_RESULT_NOT_NEW',
  // FR-153: retest results recorded elsewhere name the active hub user who entered them.
  'IQC_RETEST_ENTERER_UNKNOWN',
] as const;
