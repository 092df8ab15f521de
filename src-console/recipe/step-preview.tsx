/**
 * The live preview of the selected step (issue 14 item 1): the STATION's own component for the
 * current step (src-renderer/dispensing/current-step.tsx, the one the dispense screen renders),
 * in the station's own words (its i18n resources, in the console's language), fed with a
 * preview order view built from the draft. Actions do nothing here: the preview has no engine.
 * A step type this console does not know gets a neutral "no preview" box.
 */
import { useEffect, useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { STEP_TYPES, type RecipeStep } from '../../src-shared/recipe/recipe-step.ts';
import type { CurrentStepView, OrderView, WeighView } from '../../src-shared/orders/order-view.ts';
import { toleranceWindow } from '../../src-shared/recipe/tolerance-window.ts';
import { resources as stationResources } from '../../src-renderer/i18n/i18n.ts';
import { CurrentStep } from '../../src-renderer/dispensing/current-step.tsx';
import type { StepProps } from '../../src-renderer/dispensing/step-panels.tsx';
import type { Draft } from './recipe-draft.ts';

/** The station's words in their own i18next instance, so the console's keys and the station's never mix. */
function stationI18n(lng: string) {
  const instance = i18next.createInstance();
  void instance.init({ resources: stationResources, lng, fallbackLng: false, interpolation: { escapeValue: false }, returnNull: false, initAsync: false });
  return instance;
}

/** What the station would show for this step as the current one of a fresh order. */
export function previewOrder(d: Draft, step: RecipeStep, recipeCode: string, materials: ReadonlyMap<string, string> = new Map()): OrderView {
  const all = d.unitProcedures.flatMap((u) => u.operations.flatMap((o) => o.steps.map((s) => ({ s, unitProcedureId: u.unitProcedureId, operationId: o.operationId }))));
  const index = Math.max(0, all.findIndex((x) => x.s === step));
  const line = 'lineId' in step && step.lineId ? d.materialLines.find((l) => l.lineId === step.lineId) : undefined;
  let weigh: WeighView | null = null;
  if (step.type === 'weigh' && line) {
    let window: WeighView['lineWindow'] | null = null;
    try {
      window = toleranceWindow(line.quantity, line.tolerance);
    } catch {
      window = null;
    }
    if (window) {
      weigh = {
        lineId: line.lineId,
        materialCode: line.materialCode,
        materialName: materials.get(line.materialCode) ?? line.materialCode,
        method: step.method,
        portion: 1,
        lineWindow: window,
        cumulative: { amount: '0', unit: line.quantity.unit },
        potencyCorrected: false,
        handlingNotes: [],
        safetyNotes: [],
        container: null,
        balance: null,
        tared: false,
        lastWeighing: null,
        stockDiscrepancy: null,
        manualScanPending: null,
        portionsCounted: 0,
      };
    }
  }
  const phase = step.type === 'weigh' ? 'need-container' : step.type === 'scan-material' ? 'need-container' : 'ready';
  const kitLines = step.type === 'charge' ? step.lineIds : step.type === 'kit' ? d.materialLines.map((l) => l.lineId) : [];
  const cur: CurrentStepView = {
    index,
    stepId: step.stepId,
    name: step.name,
    type: step.type,
    instruction: step.instruction,
    phase,
    allowed: [],
    definition: step,
    weigh,
    timerEndsAt: null,
    kit: step.type === 'kit' || step.type === 'charge' ? { containers: [], linesNotDispensed: kitLines, staged: null } : null,
  };
  return {
    batchNumber: 'PREVIEW',
    status: 'in-progress',
    order: null,
    boothId: null,
    recipe: { code: recipeCode, version: 0, name: d.name },
    progress: { done: index, total: all.length },
    current: cur,
    steps: all.map((x, i) => ({ index: i, stepId: x.s.stepId, name: x.s.name, type: x.s.type, status: i < index ? 'done' : i === index ? 'active' : 'pending', unitProcedureId: x.unitProcedureId, operationId: x.operationId })),
    pendingSignatures: [],
    deviations: [],
    canComplete: false,
    lastSeq: 0,
  };
}

export function StepPreview({ draft, step, recipeCode, materials }: { draft: Draft; step: RecipeStep; recipeCode: string; materials: ReadonlyMap<string, string> }) {
  const { t, i18n } = useTranslation();
  const station = useMemo(() => stationI18n(i18n.language), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (station.language !== i18n.language) void station.changeLanguage(i18n.language);
  }, [i18n.language, station]);
  const known = (STEP_TYPES as readonly string[]).includes(step.type);
  const view = known ? previewOrder(draft, step, recipeCode, materials) : null;
  const props: StepProps | null = view?.current
    ? { view, cur: view.current, busy: false, exec: () => Promise.resolve(false), sign: () => undefined, deviate: () => undefined, error: null }
    : null;
  return (
    <section className="preview" aria-label={t('designer.preview')} data-testid="step-preview" data-step={step.stepId}>
      <h3>{t('designer.preview')}</h3>
      <p className="hint">{t('designer.previewHint')}</p>
      {props ? (
        <div className="card preview-card" inert>
          <I18nextProvider i18n={station}>
            <div lang={i18n.language}>
              <CurrentStep {...props} balances={[]} error={null} />
            </div>
          </I18nextProvider>
        </div>
      ) : (
        <div className="notice" data-testid="no-preview">
          {t('designer.noPreview', { type: step.type })}
        </div>
      )}
    </section>
  );
}
