/**
 * The approval flow report templates start with (issue 14 item 6): the recipe flow's shape —
 * reviewed by QA, approved by QA and a QP (two people, neither the reviewer), made effective by
 * QA — under its own flow code, so either flow can change without the other.
 */
import { DEFAULT_APPROVAL_FLOW, type ApprovalFlow } from '../recipe/recipe-version-contract.ts';

export const DEFAULT_TEMPLATE_FLOW: ApprovalFlow = {
  ...DEFAULT_APPROVAL_FLOW,
  flowCode: 'report-template-approval',
  name: 'Report template approval',
  authorRoles: ['qa', 'master-data'],
};
