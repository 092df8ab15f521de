/**
 * The current step as the operator sees it: its id and name, the instruction, and the panel of
 * its type (step-panels.tsx, weigh, scan, kit and charge). One component for the dispense screen
 * and for the hub console's designer preview (issue 14 item 1), which renders it with a preview
 * order view, so what QA sees while authoring is what the operator will see.
 */
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Data } from '../components/plant-data.tsx';
import { ChecklistPanel, FormPanel, InstructionPanel, LabelPanel, SignatureStepPanel, TimerPanel, ValuePanel, type StepProps } from './step-panels.tsx';
import { ChargePanel, KitPanel } from './kit-panel.tsx';
import { ScanPrompt } from './scan-panel.tsx';
import { WeighPanel } from './weigh-panel.tsx';

type BodyProps = StepProps & { balances: PrecheckView['balances']; error: BatchlineError | null };

export function CurrentStep(props: BodyProps & { hideBody?: boolean }) {
  const { cur } = props;
  return (
    <>
      <h2 id="current-step">
        {cur.stepId} · <Data>{cur.name}</Data>
      </h2>
      <p>
        <Data>{cur.instruction}</Data>
      </p>
      {props.hideBody ? null : <StepBody {...props} />}
    </>
  );
}

export function StepBody(props: BodyProps) {
  switch (props.cur.definition.type) {
    case 'instruction':
      return <InstructionPanel {...props} />;
    case 'line-clearance':
    case 'equipment-check':
      return <ChecklistPanel {...props} />;
    case 'parameter':
    case 'ipc':
      return <ValuePanel {...props} />;
    case 'timer':
      return <TimerPanel {...props} />;
    case 'label':
      return <LabelPanel {...props} />;
    case 'signature':
      return <SignatureStepPanel {...props} />;
    case 'scan-material':
      return <ScanPrompt {...props} material={props.cur.name} />;
    case 'weigh':
      return <WeighPanel {...props} />;
    case 'kit':
      return <KitPanel {...props} />;
    case 'charge':
      return <ChargePanel {...props} />;
    case 'form':
      return <FormPanel {...props} />;
  }
}
