import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_FLOW, type ApprovalFlow } from '../../src-shared/recipe/recipe-version-contract.ts';
import { foldFlow, type FlowStep } from './recipe-flow.ts';

describe('the approval flow interpreter', () => {
  it('FR-103 two flows under the same name and version are each folded by their own definition (a cached machine is never another database\'s flow)', () => {
    const approve = DEFAULT_APPROVAL_FLOW.transitions.find((t) => t.name === 'approve')!;
    const stricter: ApprovalFlow = {
      ...DEFAULT_APPROVAL_FLOW,
      transitions: DEFAULT_APPROVAL_FLOW.transitions.map((t) => (t.name === 'approve' ? { ...t, signatures: [...t.signatures, { roles: ['operator'] }] } : t)),
    };
    const steps: FlowStep[] = [
      { transition: 'review', slot: 0, role: 'qa', username: 'qa.a' },
      ...approve.signatures.map((_, slot) => ({ transition: 'approve', slot, role: 'qa', username: `signer.${slot}` })),
    ];
    const key = `${DEFAULT_APPROVAL_FLOW.flowCode}@2`;
    expect(foldFlow(stricter, key, steps).position).toMatchObject({ state: 'reviewed', pending: { transition: 'approve' } });
    expect(foldFlow(DEFAULT_APPROVAL_FLOW, key, steps).position).toEqual({ state: 'approved', pending: null });
    expect(foldFlow(stricter, key, steps).position.state).toBe('reviewed');
  });
});
