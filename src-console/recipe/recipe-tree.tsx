/**
 * The ISA-88 tree of the designer (unit procedure → operation → step), edited by drag and drop
 * with @dnd-kit: each level is a sortable list; a step moves within its operation or to another
 * (dropped on a step it takes its place, on an operation it goes to its end), an operation within
 * or between unit procedures. Dragging starts at a node's handle, by pointer or keyboard (Space,
 * arrows, Space; Escape cancels: dnd-kit's keyboard sensor, with its spoken announcements).
 * What a drop does is `applyDrop` (recipe-draft.ts, pure and tested); this file only draws.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DndContext, KeyboardSensor, MeasuringStrategy, PointerSensor, closestCenter, pointerWithin, useSensor, useSensors, type CollisionDetection, type DragEndEvent, type KeyboardCoordinateGetter } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { STEP_TYPES, type StepType } from '../../src-shared/recipe/recipe-step.ts';
import { Button, SelectField } from '../../src-renderer/components/controls.tsx';
import { addOperation, addStep, addUnitProcedure, applyDrop, dropTargets, nodeKey, parseKey, type Draft, type Problem } from './recipe-draft.ts';

/** Drops only where `applyDrop` takes them; the innermost node under the pointer wins, else the closest. */
const collide: CollisionDetection = (args) => {
  const allowed = dropTargets(parseKey(String(args.active.id))?.kind ?? 'step');
  const droppableContainers = args.droppableContainers.filter((c) => allowed.includes(parseKey(String(c.id))?.kind ?? 'up'));
  const within = pointerWithin({ ...args, droppableContainers });
  if (within.length > 0) return [...within].sort((a, b) => allowed.indexOf(parseKey(String(a.id))!.kind) - allowed.indexOf(parseKey(String(b.id))!.kind));
  return closestCenter({ ...args, droppableContainers });
};

/**
 * Arrow keys move a node to the next node of its own kind (a step to the next step, also across
 * operations), not into the box of its parent: the sortable's own getter over same-kind nodes.
 */
const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const kind = parseKey(String(args.context.active?.id ?? ''))?.kind ?? 'step';
  const all = args.context.droppableContainers;
  const sameKind = new Proxy(all, {
    get(target, prop) {
      if (prop === 'getEnabled') return () => target.getEnabled().filter((c) => parseKey(String(c.id))?.kind === kind);
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return sortableKeyboardCoordinates(event, { ...args, context: { ...args.context, droppableContainers: sameKind } });
};

/** Rects measured before a drag starts too: a keyboard pick-up and its first arrow come in one moment. */
const MEASURING = { droppable: { strategy: MeasuringStrategy.Always } };

function Node({ id, label, name, selected, problems, onSelect, children, className }: { id: string; label: string; name: string; selected: boolean; problems: number; onSelect: () => void; children?: ReactNode; className: string }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li ref={setNodeRef} style={{ transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined, transition, opacity: isDragging ? 0.5 : 1 }} className={`tree-node ${className}`} data-testid={`node-${id}`}>
      <div className={`tree-row${selected ? ' tree-selected' : ''}`}>
        <button type="button" className="btn drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('designer.move', { name: label })} data-testid={`drag-${id}`}>
          ⠿
        </button>
        <Button className="tree-name" onClick={onSelect} aria-pressed={selected} data-testid={`select-${id}`}>
          <span className="mono">{label}</span> <span translate="no">{name}</span>
        </Button>
        {problems > 0 ? (
          <span className="badge badge-bad" data-testid={`problems-${id}`}>
            {t('designer.problems', { count: problems })}
          </span>
        ) : null}
      </div>
      {children}
    </li>
  );
}

export function RecipeTree({ draft, onChange, selected, onSelect, problems, editable }: { draft: Draft; onChange: (d: Draft) => void; selected: string | null; onSelect: (key: string) => void; problems: Problem[]; editable: boolean }) {
  const { t } = useTranslation();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }));
  const [typeToAdd, setTypeToAdd] = useState<Record<string, StepType>>({});
  const count = (key: string) => problems.filter((p) => p.at === key).length;
  const onDragEnd = (e: DragEndEvent) => onChange(applyDrop(draft, String(e.active.id), e.over ? String(e.over.id) : null));
  const typeOptions = STEP_TYPES.map((s) => ({ value: s, label: t(`stepType.${s}`) }));
  return (
    <section className="designer-tree" aria-labelledby="tree-title">
      <h2 id="tree-title">{t('designer.tree')}</h2>
      <p className="hint">{t('designer.treeHint')}</p>
      <DndContext sensors={sensors} collisionDetection={collide} onDragEnd={onDragEnd} measuring={MEASURING}>
        <SortableContext items={draft.unitProcedures.map((u) => nodeKey('up', u.unitProcedureId))} strategy={verticalListSortingStrategy}>
          <ul className="tree" data-testid="recipe-tree">
            {draft.unitProcedures.map((u) => {
              const upKey = nodeKey('up', u.unitProcedureId);
              return (
                <Node key={upKey} id={upKey} label={u.unitProcedureId} name={u.name} selected={selected === upKey} problems={count(upKey)} onSelect={() => onSelect(upKey)} className="tree-up">
                  <SortableContext items={u.operations.map((o) => nodeKey('op', o.operationId))} strategy={verticalListSortingStrategy}>
                    <ul className="tree">
                      {u.operations.map((o) => {
                        const opKey = nodeKey('op', o.operationId);
                        return (
                          <Node key={opKey} id={opKey} label={o.operationId} name={o.name} selected={selected === opKey} problems={count(opKey)} onSelect={() => onSelect(opKey)} className="tree-op">
                            <SortableContext items={o.steps.map((s) => nodeKey('step', s.stepId))} strategy={verticalListSortingStrategy}>
                              <ul className="tree tree-steps" data-testid={`steps-${o.operationId}`}>
                                {o.steps.map((s) => {
                                  const key = nodeKey('step', s.stepId);
                                  return <Node key={key} id={key} label={s.stepId} name={`${s.name} · ${t(`stepType.${s.type}`, { defaultValue: s.type })}`} selected={selected === key} problems={count(key)} onSelect={() => onSelect(key)} className="tree-step" />;
                                })}
                              </ul>
                            </SortableContext>
                            {editable ? (
                              <div className="row tree-add">
                                <SelectField label={t('designer.stepTypeToAdd')} value={typeToAdd[o.operationId] ?? 'instruction'} options={typeOptions} onChange={(e) => setTypeToAdd({ ...typeToAdd, [o.operationId]: e.target.value as StepType })} data-testid={`add-type-${o.operationId}`} />
                                <Button
                                  onClick={() => {
                                    const added = addStep(draft, o.operationId, typeToAdd[o.operationId] ?? 'instruction');
                                    onChange(added.draft);
                                    onSelect(nodeKey('step', added.stepId));
                                  }}
                                  data-testid={`add-step-${o.operationId}`}
                                >
                                  {t('designer.addStep')}
                                </Button>
                              </div>
                            ) : null}
                          </Node>
                        );
                      })}
                    </ul>
                  </SortableContext>
                  {editable ? (
                    <Button onClick={() => onChange(addOperation(draft, u.unitProcedureId))} data-testid={`add-op-${u.unitProcedureId}`}>
                      {t('designer.addOp')}
                    </Button>
                  ) : null}
                </Node>
              );
            })}
          </ul>
        </SortableContext>
      </DndContext>
      {editable ? (
        <Button onClick={() => onChange(addUnitProcedure(draft))} data-testid="add-up">
          {t('designer.addUp')}
        </Button>
      ) : null}
    </section>
  );
}
