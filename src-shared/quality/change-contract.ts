/**
 * Change control at the hub (issue 12 item 6), as the API sees it. A change moves through
 * fixed states, each step an electronic signature (change-service.ts), with the same signed,
 * hash-chained step machinery as deviation records:
 *
 *   requested → impact-assessed (which roles must approve) → approved (one signature per
 *   required role, each by a different person) → implementation-planned (tasks with owners and
 *   due dates) → implemented (every task done) → effectiveness-checked → closed
 *
 * A change names what it changes: recipe, specification or setting versions (from → to).
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';
import { SignatureMeaning } from '../signature-meaning.ts';

export const CHANGE_STATES = ['requested', 'impact-assessed', 'approved', 'implementation-planned', 'implemented', 'effectiveness-checked', 'closed'] as const;
export const ChangeState = z.enum(CHANGE_STATES);
export type ChangeState = z.infer<typeof ChangeState>;

/** Roles that can be required to approve a change. */
export const ChangeApproverRole = z.enum(['qa', 'qp', 'master-data']);
export type ChangeApproverRole = z.infer<typeof ChangeApproverRole>;

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
const DueDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'a date (YYYY-MM-DD)').refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const Password = z.string().min(1).max(200);

export const ChangeLinkSchema = z.object({
  kind: z.enum(['recipe', 'specification', 'setting', 'master-data', 'report-template']),
  /** The recipe, specification or setting code. */
  ref: Code,
  fromVersion: z.number().int().nonnegative().nullable(),
  toVersion: z.number().int().positive().nullable(),
});
export type ChangeLink = z.infer<typeof ChangeLinkSchema>;

export const RequestChangeSchema = z.object({
  title: Text(5, 200),
  reason: Text(5, 4000),
  links: z.array(ChangeLinkSchema).min(1).max(50),
  password: Password,
});
export type RequestChange = z.infer<typeof RequestChangeSchema>;

export const ChangeStepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('assess-impact'), assessment: Text(5, 4000), approverRoles: z.array(ChangeApproverRole).min(1).max(3), password: Password }),
  z.object({ step: z.literal('approve'), role: ChangeApproverRole, comment: Text(0, 1000).optional(), password: Password }),
  z.object({ step: z.literal('plan-implementation'), tasks: z.array(z.object({ description: Text(5, 1000), owner: Text(1, 64), dueDate: DueDate })).min(1).max(30), password: Password }),
  z.object({ step: z.literal('complete-task'), taskId: z.number().int().positive(), note: Text(5, 1000), password: Password }),
  z.object({ step: z.literal('check-effectiveness'), evidence: Text(5, 2000), password: Password }),
  z.object({ step: z.literal('close'), conclusion: Text(5, 2000), password: Password }),
]);
export type ChangeStep = z.infer<typeof ChangeStepSchema>;
export type ChangeStepName = ChangeStep['step'];

export const ChangeViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  reason: z.string(),
  state: ChangeState,
  links: z.array(ChangeLinkSchema),
  approverRoles: z.array(ChangeApproverRole),
  approvals: z.array(z.object({ role: ChangeApproverRole, username: z.string(), signedAt: z.string() })),
  requestedBy: z.string(),
  requestedAt: z.string(),
  tasks: z.array(z.object({ id: z.number().int(), description: z.string(), owner: z.string(), dueAt: z.string(), overdue: z.boolean(), doneAt: z.string().nullable(), doneBy: z.string().nullable(), note: z.string().nullable() })),
  steps: z.array(
    z.object({ state: z.string(), data: z.record(z.string(), z.unknown()), hash: z.string(), signatureId: z.number().int(), meaning: SignatureMeaning, username: z.string(), printedName: z.string(), signedAt: z.string(), tzOffset: z.string(), valid: z.boolean() }),
  ),
});
export type ChangeView = z.infer<typeof ChangeViewSchema>;
