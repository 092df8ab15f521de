/**
 * The approval flow interpreter (issue 14 item 3): an xstate machine built from a flow
 * definition (data, recipe-version-contract.ts), never a transition table in code. Each state of
 * a recipe version is a machine state; each transition of the flow is an event named after it,
 * carrying the signature slot it fills. A transition needing two signatures takes two events:
 * the first is held in the machine's context, the second (another slot) moves the version on.
 *
 * A version's position is the fold of its signed steps through the machine, from `draft`; the
 * refusals (wrong role, the author, the same person twice, out of order) are decided here from
 * the definition and that position, before anything is signed.
 */
import { assign, createMachine, getNextSnapshot, type AnyMachineSnapshot } from 'xstate';
import { RECIPE_VERSION_STATES, type ApprovalFlow, type FlowTransition, type RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

/** A signed step as stored: which transition, which signature slot, by whom. `superseded` is the hub retiring a predecessor. */
export interface FlowStep {
  transition: string;
  slot: number;
  role: string;
  username: string;
}

export const SUPERSEDED = 'superseded';

interface FlowContext {
  transition: string | null;
  filled: number[];
}
type FlowEvent = { type: string; slot: number };

export interface FlowPosition {
  state: RecipeVersionState;
  /** Signatures given towards a transition that needs more. */
  pending: { transition: string; filled: number[] } | null;
}

const machines = new Map<string, ReturnType<typeof buildMachine>>();

function buildMachine(flow: ApprovalFlow) {
  const states: Record<string, { on: Record<string, unknown[]> }> = {};
  for (const s of RECIPE_VERSION_STATES) {
    const on: Record<string, unknown[]> = {};
    for (const t of flow.transitions.filter((x) => x.from === s)) {
      const open = (c: FlowContext, slot: number) => (c.transition === null || c.transition === t.name) && slot >= 0 && slot < t.signatures.length && !c.filled.includes(slot);
      on[t.name] = [
        {
          guard: ({ context, event }: { context: FlowContext; event: FlowEvent }) => open(context, event.slot) && context.filled.length + 1 === t.signatures.length,
          target: t.to,
          actions: assign({ transition: null, filled: [] }),
        },
        {
          guard: ({ context, event }: { context: FlowContext; event: FlowEvent }) => open(context, event.slot),
          actions: assign(({ context, event }: { context: FlowContext; event: FlowEvent }) => ({ transition: t.name, filled: [...context.filled, event.slot] })),
        },
      ];
    }
    states[s] = { on };
  }
  return createMachine({ id: flow.flowCode, initial: 'draft', context: { transition: null, filled: [] } as FlowContext, states } as never);
}

/**
 * The machine of a flow, built once per definition. Cached by the definition itself, not only by
 * its name and version: the same `recipe-approval@2` can be another flow in another hub database
 * served by this process (a restored backup, tests sharing a worker), and a machine taken by name
 * alone then demanded a third signature the hub's own flow never named.
 */
function machineOf(flow: ApprovalFlow, key: string) {
  const cacheKey = `${key}\u0000${JSON.stringify(flow)}`;
  let m = machines.get(cacheKey);
  if (!m) {
    m = buildMachine(flow);
    machines.set(cacheKey, m);
  }
  return m;
}

const positionOf = (snap: AnyMachineSnapshot): FlowPosition => {
  const c = snap.context as FlowContext;
  return { state: snap.value as RecipeVersionState, pending: c.transition === null ? null : { transition: c.transition, filled: [...c.filled] } };
};

/**
 * Folds the steps through the machine. `key` names the flow version (cache). A step the machine
 * does not take (a stored history the flow does not explain) is reported, not skipped silently.
 */
export function foldFlow(flow: ApprovalFlow, key: string, steps: readonly FlowStep[]): { position: FlowPosition; unexplained: number[] } {
  const machine = machineOf(flow, key);
  let snap = machine.resolveState({ value: 'draft', context: { transition: null, filled: [] } }) as AnyMachineSnapshot;
  const unexplained: number[] = [];
  steps.forEach((s, i) => {
    if (s.transition === SUPERSEDED) {
      snap = machine.resolveState({ value: 'retired', context: { transition: null, filled: [] } }) as AnyMachineSnapshot;
      return;
    }
    const next = getNextSnapshot(machine, snap as never, { type: s.transition, slot: s.slot } as never) as AnyMachineSnapshot;
    if (next.value === snap.value && JSON.stringify(next.context) === JSON.stringify(snap.context)) unexplained.push(i);
    snap = next;
  });
  return { position: positionOf(snap), unexplained };
}

/** The machine's answer to one more signature: where the version is then. */
export function stepFlow(flow: ApprovalFlow, key: string, position: FlowPosition, slot: number, transition: string): FlowPosition {
  const machine = machineOf(flow, key);
  const snap = machine.resolveState({ value: position.state, context: { transition: position.pending?.transition ?? null, filled: position.pending?.filled ?? [] } }) as AnyMachineSnapshot;
  return positionOf(getNextSnapshot(machine, snap as never, { type: transition, slot } as never) as AnyMachineSnapshot);
}

export interface Signer {
  username: string;
  roles: readonly string[];
}

/**
 * Which signature slot of `transitionName` this signer fills now, or why not. `history` is every
 * step of the version so far (for "the same person twice"); `author` who saved the version.
 */
export function signatureSlot(
  flow: ApprovalFlow,
  position: FlowPosition,
  history: readonly FlowStep[],
  author: string,
  signer: Signer,
  request: { transition: string; role?: string | undefined },
): { ok: true; transition: FlowTransition; slot: number; role: string } | { ok: false; error: BatchlineError } {
  const refuse = (code: BatchlineError['code'], message: string, details?: Record<string, unknown>) => ({ ok: false as const, error: { code, message, ...(details ? { details } : {}) } });
  const t = flow.transitions.find((x) => x.name === request.transition);
  const leaving = flow.transitions.filter((x) => x.from === position.state).map((x) => x.name);
  if (!t) return refuse('RECIPE_TRANSITION_OUT_OF_ORDER', `the flow ${flow.flowCode} has no transition "${request.transition}"; from ${position.state} it allows ${leaving.join(', ') || 'none'}`, { state: position.state, transition: request.transition, allowed: leaving });
  if (t.from !== position.state) return refuse('RECIPE_TRANSITION_OUT_OF_ORDER', `"${t.name}" leads from ${t.from}; the version is ${position.state} (allowed now: ${leaving.join(', ') || 'none'})`, { state: position.state, transition: t.name, allowed: leaving });
  if (position.pending && position.pending.transition !== t.name) return refuse('RECIPE_TRANSITION_OUT_OF_ORDER', `"${position.pending.transition}" is half signed; finish it first`, { state: position.state, transition: t.name, pending: position.pending.transition });
  if (!t.authorMaySign && signer.username === author) return refuse('RECIPE_SIGNER_IS_AUTHOR', `${signer.username} saved this version; the flow does not let the author sign "${t.name}"`, { transition: t.name });
  // The signatures of a transition in progress are the last `filled` steps of the history.
  const inProgress = position.pending ? history.slice(history.length - position.pending.filled.length) : [];
  if (inProgress.some((h) => h.transition === t.name && h.username === signer.username)) {
    return refuse('RECIPE_SIGNER_ALREADY_SIGNED', `${signer.username} signed "${t.name}" already; the next signature is another person's`, { transition: t.name });
  }
  const earlier = history.find((h) => t.notSignedBySignersOf.includes(h.transition) && h.username === signer.username);
  if (earlier) return refuse('RECIPE_SIGNER_ALREADY_SIGNED', `${signer.username} signed "${earlier.transition}"; the flow wants "${t.name}" from someone else`, { transition: t.name, signed: earlier.transition });
  const filled = position.pending?.filled ?? [];
  const open = t.signatures.map((s, slot) => ({ slot, roles: s.roles as readonly string[] })).filter((s) => !filled.includes(s.slot));
  for (const s of open) {
    const role = request.role ? (s.roles.includes(request.role) && signer.roles.includes(request.role) ? request.role : null) : s.roles.find((r) => signer.roles.includes(r));
    if (role) return { ok: true, transition: t, slot: s.slot, role };
  }
  const needed = open.map((s) => s.roles.join(' or ')).join('; ');
  return refuse('RECIPE_SIGNER_ROLE_INVALID', `"${t.name}" still needs a signature by ${needed}; ${signer.username} signs as ${request.role ?? (signer.roles.join(', ') || 'no role')}`, { transition: t.name, needed: open.map((s) => s.roles) });
}

