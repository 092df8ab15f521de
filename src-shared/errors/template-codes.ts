// Owned by report templates (issue 14 item 6). Add codes here, never rename shipped ones: the hub
// audit trail records them. Flow refusals (role, author, order, same person) are the approval
// flow's own codes (recipe-codes.ts), shared by everything the flow carries.
export const TEMPLATE_ERROR_CODES = [
  // No such report template version at the hub.
  'TEMPLATE_VERSION_UNKNOWN',
  // A stored template version never changes; an effective one is refused any edit (save a successor).
  'TEMPLATE_VERSION_IMMUTABLE',
  // A template that does not hold together (details: problems): a required section or label field left out, one twice.
  'TEMPLATE_INVALID',
  // A successor of an effective template becomes effective only under an approved change control naming it.
  'TEMPLATE_CHANGE_REQUIRED',
] as const;
