// Owned by recipe versions and their approval flow (issue 14 items 3-5). Add codes here, never
// rename shipped ones: the hub audit trail and the station's master-data entries record them.
export const RECIPE_ERROR_CODES = [
  // No such recipe version (or no such recipe) at the hub.
  'RECIPE_VERSION_UNKNOWN',
  // A stored recipe version never changes; an effective one is refused any edit (save a successor).
  'RECIPE_VERSION_IMMUTABLE',
  // A flow transition signed from a state the flow does not leave by it (details: state, transition).
  'RECIPE_TRANSITION_OUT_OF_ORDER',
  // The signer holds none of the roles the flow names for the signature still needed.
  'RECIPE_SIGNER_ROLE_INVALID',
  // The version's author signs a transition whose flow forbids the author.
  'RECIPE_SIGNER_IS_AUTHOR',
  // The same person signs a transition (or the flow's earlier transition) twice.
  'RECIPE_SIGNER_ALREADY_SIGNED',
  // A successor of an effective version becomes effective only under an approved change control naming it.
  'RECIPE_CHANGE_REQUIRED',
  // An approval flow definition that does not hold together (details: problems).
  'RECIPE_FLOW_INVALID',
  // A stored recipe flow version that today's checks refuse (kept from before them, or written around
  // the API) used to save or sign: refused, not left stuck (FR-115; details: flowCode, flowVersion, problems).
  'RECIPE_FLOW_UNUSABLE',
  // A station does not understand the recipe's schema version (details: schemaVersion, supported).
  'RECIPE_SCHEMA_UNSUPPORTED',
] as const;
