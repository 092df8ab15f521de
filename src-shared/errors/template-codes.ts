// Owned by report templates (issue 14 item 6). Add codes here, never rename shipped ones: the hub
// audit trail records them. The approval flow's machinery is the recipe flow's (recipe-flow.ts);
// its refusals reach a template's signer under the template codes below (FR-106), since the
// recipe words ("the version", "the author of the version") would name the wrong thing.
export const TEMPLATE_ERROR_CODES = [
  // No such report template version at the hub.
  'TEMPLATE_VERSION_UNKNOWN',
  // A stored template version never changes; an effective one is refused any edit (save a successor).
  'TEMPLATE_VERSION_IMMUTABLE',
  // A template that does not hold together (details: problems): a required section or label field left out, one twice.
  'TEMPLATE_INVALID',
  // A successor of an effective template becomes effective only under an approved change control naming it.
  'TEMPLATE_CHANGE_REQUIRED',
  // A template flow transition signed from a state the flow does not leave by it, or while another is half signed (details: state, transition, allowed).
  'TEMPLATE_TRANSITION_OUT_OF_ORDER',
  // The signer holds none of the roles the template flow names for the signature still needed.
  'TEMPLATE_SIGNER_ROLE_INVALID',
  // The person who saved the template version signs a transition whose flow forbids the author.
  'TEMPLATE_SIGNER_IS_AUTHOR',
  // The same person signs a template transition (or the flow's earlier transition) twice.
  'TEMPLATE_SIGNER_ALREADY_SIGNED',
  // A change of the template approval flow that does not hold together (FR-115; details: problems).
  'TEMPLATE_FLOW_INVALID',
  // A stored template flow version that today's checks refuse used to save or sign a template
  // version: refused, not left stuck (FR-115; details: flowCode, flowVersion, problems).
  'TEMPLATE_FLOW_UNUSABLE',
] as const;
