/**
 * An approval flow edited in the browser (issue 14 item 3, FR-103; FR-113): the recipe flow at
 * #/recipes/~flow, the report-template flow at #/templates/~flow, one screen parameterised by the
 * flow's kind (flow-kinds.ts: the hub's paths, who may sign and save, the words naming the subject):
 * the flow as a statechart (states as boxes, transitions as labelled arrows, plain SVG) and as an
 * editable table (per transition: name, from, to, meaning, the signature slots and the roles each
 * may be signed by, whether the author may sign, whose signers may not sign it), with the hub's
 * own checks run live and each reason beside its row (flow-editor.ts). Saving is an e-signature
 * (password, reason) → PUT <resource>/flow. Below: every version of the flow (who signed, when,
 * why), the difference between two in words, and the versions still moving through an older flow
 * version (a version keeps the flow it was saved under).
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FlowHistorySchema, FlowViewSchema, RECIPE_VERSION_STATES, type FlowKind, type FlowView } from '../../src-shared/recipe/recipe-version-contract.ts';
import { SIGNATURE_MEANINGS } from '../../src-shared/signature-meaning.ts';
import { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, Checkbox, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { hasRole } from '../state/session-store.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { SignDialog, type SignRequest } from '../components/sign-dialog.tsx';
import { formatTime } from '../components/format.ts';
import {
  BOX,
  addSlot,
  addTransition,
  changeText,
  diagramOf,
  editOf,
  editorProblems,
  flowChanges,
  flowOfEdit,
  flowReasonWords,
  reasonsAt,
  removeSlot,
  removeTransition,
  toggleAuthorRole,
  toggleExclusion,
  toggleRole,
  underOlderFlow,
  updateTransition,
  type FlowEdit,
} from '../recipe/flow-editor.ts';
import { FLOW_KINDS, loadFlowSubjects, type FlowKindSpec, type FlowSubjectVersion } from '../recipe/flow-kinds.ts';

/** The tabs of an area whose versions move through a flow: its list and its approval flow. */
export function FlowAreaTabs({ kind, current }: { kind: FlowKind; current: 'list' | 'flow' }) {
  const { t } = useTranslation();
  const { navigate } = useConsole();
  const spec = FLOW_KINDS[kind];
  const tabs = kind === 'recipe' ? 'recipeTabs' : 'templateTabs';
  return (
    <nav className="row tabs" aria-label={t(`${tabs}.label`)}>
      <Button onClick={() => navigate(spec.listRoute)} aria-current={current === 'list' ? 'page' : undefined} data-testid={`tab-${spec.listRoute}`}>
        {t(`${tabs}.list`)}
      </Button>
      <Button onClick={() => navigate(spec.route)} aria-current={current === 'flow' ? 'page' : undefined} data-testid="tab-flow">
        {t(`${tabs}.flow`)}
      </Button>
    </nav>
  );
}

/** The tabs of the recipes area: the recipe list and the approval flow. */
export const RecipeTabs = ({ current }: { current: 'recipes' | 'flow' }) => <FlowAreaTabs kind="recipe" current={current === 'recipes' ? 'list' : 'flow'} />;

export function ApprovalFlowScreen({ kind }: { kind: FlowKind }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const spec: FlowKindSpec = FLOW_KINDS[kind];
  const [tick, setTick] = useState(0);
  const flow = useLoad(() => api.get(`${spec.api}/flow`, FlowViewSchema), `${kind}:flow:${tick}`);
  const history = useLoad(() => api.get(`${spec.api}/flow/history`, FlowHistorySchema), `${kind}:history:${tick}`);
  const subjects = useLoad(() => loadFlowSubjects(api, kind), `${kind}:subjects:${tick}`);
  const [edit, setEdit] = useState<FlowEdit | null>(null);
  const [signing, setSigning] = useState<SignRequest | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => {
    if (flow.data) setEdit(editOf(flow.data.definition));
  }, [flow.data]);
  const problems = useMemo(() => (edit ? editorProblems(edit, kind) : []), [edit, kind]);
  const editable = hasRole(me, 'qa');
  if (flow.error) return <ErrorNotice error={flow.error} />;
  if (!flow.data || !edit) return <p>{t('common.loading')}</p>;
  const current = flow.data;
  const changed = JSON.stringify(flowOfEdit(edit)) !== JSON.stringify(flowOfEdit(editOf(current.definition)));
  const words = (at: string) => reasonsAt(problems, at, i18n.language, (k, p) => t(k, p));
  // The words naming the subject (recipe or template versions) come from the kind's own section.
  const own = (k: string, p?: Record<string, unknown>) => t(`${spec.words}.${k}`, p);
  const authorReasons = words('authorRoles');
  const roleWords = (r: string) => t(`roles.${r}`, { defaultValue: r });
  const stateWords = (s: string) => t(`recipeState.${s}`);
  const set = (e: FlowEdit) => (setEdit(e), setSaved(null));
  const save = () =>
    setSigning({
      title: t('flow.signTitle'),
      statement: own('statement', { version: current.version + 1, code: current.flowCode, count: edit.rows.length }),
      meaning: t('meaning.approved'),
      textLabel: t('flow.reasonLabel'),
      textRequired: true,
      submit: async (password, reason) => {
        const r = await api.put(`${spec.api}/flow`, { definition: flowOfEdit(edit), reason, password }, FlowViewSchema);
        if (!r.ok) return r.error;
        setSaved(r.value.version);
        setTick((n) => n + 1);
        return null;
      },
    });
  const names = edit.rows.map((r) => r.name);
  // The roles that can sign this flow are offered; a role the hub's data names besides them shows (with its reason) until unticked.
  const slotRoles = (roles: readonly HubRole[]) => HubRole.options.filter((r) => spec.signingRoles.includes(r) || roles.includes(r));
  return (
    <div className="flow-editor" data-testid="flow-screen" data-kind={kind}>
      <FlowAreaTabs kind={kind} current="flow" />
      <h1>{own('title')}</h1>
      <p className="hint">{own('intro')}</p>
      <p data-testid="flow-current">{t('flow.current', { version: current.version, code: current.flowCode, by: current.signature?.printedName ?? current.createdBy, at: formatTime(current.createdAt, i18n.language) })}</p>
      {current.problems?.length ? (
        <div className="notice notice-bad" role="alert" data-testid="flow-stored-problems">
          <p>{t('flow.storedProblems', { version: current.version })}</p>
          <ul>
            {current.problems.map((p, i) => (
              <li key={i}>{flowReasonWords(p, i18n.language, (k, v) => t(k, v))}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {saved !== null ? (
        <p className="notice notice-ok" role="status" data-testid="flow-saved">
          {t('flow.saved', { version: saved })}
        </p>
      ) : null}

      <section aria-labelledby="flow-diagram-title">
        <h2 id="flow-diagram-title">{t('flow.diagram')}</h2>
        <FlowDiagram edit={edit} roleWords={roleWords} stateWords={stateWords} />
      </section>

      <section aria-labelledby="flow-table-title">
        <h2 id="flow-table-title">{t('flow.table')}</h2>
        <fieldset disabled={!editable} className="flow-fields">
          <TextField label={t('flow.flowName')} value={edit.name} onChange={(e) => set({ ...edit, name: e.target.value })} data-testid="flow-name" />
          <fieldset data-testid="author-roles" data-valid={authorReasons.length === 0 ? 'yes' : 'no'}>
            <legend>{t('flow.authorRoles')}</legend>
            <div className="row">
              {/* Every role is offered: one the hub's save route refuses gets its reason beside the field (flowIssues, authorCannotSave). */}
              {HubRole.options.map((r) => (
                <Checkbox key={r} label={roleWords(r)} checked={edit.authorRoles.includes(r)} onChange={() => set(toggleAuthorRole(edit, r))} data-testid={`author-role-${r}`} />
              ))}
            </div>
            {authorReasons.length > 0 ? (
              <ul className="notice notice-bad reasons" data-testid="author-roles-reasons">
                {authorReasons.map((r, k) => (
                  <li key={k}>{r}</li>
                ))}
              </ul>
            ) : null}
          </fieldset>
          <div className="table-scroll">
            <table className="table flow-table" data-testid="flow-table">
              <thead>
                <tr>
                  <th scope="col">{t('flow.transition')}</th>
                  <th scope="col">{t('flow.from')}</th>
                  <th scope="col">{t('flow.to')}</th>
                  <th scope="col">{t('flow.meaning')}</th>
                  <th scope="col">{t('flow.slots')}</th>
                  <th scope="col">{t('flow.authorMaySign')}</th>
                  <th scope="col">{t('flow.notSignedBy')}</th>
                  <th scope="col">{t('flow.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {edit.rows.map((row, i) => {
                  const reasons = words(row.id);
                  return (
                    <tr key={row.id} data-testid={`flow-row-${i}`} data-valid={reasons.length === 0 ? 'yes' : 'no'}>
                      <td>
                        <TextField label={t('flow.transition')} value={row.name} onChange={(e) => set(updateTransition(edit, row.id, { name: e.target.value }))} data-testid={`row-${i}-name`} autoComplete="off" />
                        {editable ? (
                          <Button variant="danger" onClick={() => set(removeTransition(edit, row.id))} data-testid={`row-${i}-remove`}>
                            {t('flow.removeTransition', { name: row.name })}
                          </Button>
                        ) : null}
                      </td>
                      <td>
                        <SelectField label={t('flow.from')} value={row.from} options={RECIPE_VERSION_STATES.map((s) => ({ value: s, label: stateWords(s) }))} onChange={(e) => set(updateTransition(edit, row.id, { from: e.target.value as typeof row.from }))} data-testid={`row-${i}-from`} />
                      </td>
                      <td>
                        <SelectField label={t('flow.to')} value={row.to} options={RECIPE_VERSION_STATES.map((s) => ({ value: s, label: stateWords(s) }))} onChange={(e) => set(updateTransition(edit, row.id, { to: e.target.value as typeof row.to }))} data-testid={`row-${i}-to`} />
                      </td>
                      <td>
                        <SelectField label={t('flow.meaning')} value={row.meaning} options={SIGNATURE_MEANINGS.map((m) => ({ value: m, label: t(`meaning.${m}`) }))} onChange={(e) => set(updateTransition(edit, row.id, { meaning: e.target.value as typeof row.meaning }))} data-testid={`row-${i}-meaning`} />
                      </td>
                      <td>
                        {row.slots.map((roles, s) => (
                          <fieldset key={s} className="flow-slot" data-testid={`row-${i}-slot-${s}`}>
                            <legend>{t('flow.slot', { n: s + 1 })}</legend>
                            <div className="row">
                              {slotRoles(roles).map((r) => (
                                <Checkbox key={r} label={roleWords(r)} checked={roles.includes(r)} onChange={() => set(toggleRole(edit, row.id, s, r))} data-testid={`row-${i}-slot-${s}-${r}`} />
                              ))}
                            </div>
                            {editable ? (
                              <Button onClick={() => set(removeSlot(edit, row.id, s))} data-testid={`row-${i}-slot-${s}-remove`}>
                                {t('flow.removeSlot', { n: s + 1 })}
                              </Button>
                            ) : null}
                          </fieldset>
                        ))}
                        {editable ? (
                          <Button onClick={() => set(addSlot(edit, row.id))} data-testid={`row-${i}-add-slot`}>
                            {t('flow.addSlot')}
                          </Button>
                        ) : null}
                      </td>
                      <td>
                        <Checkbox label={t('flow.authorMaySign')} checked={row.authorMaySign} onChange={() => set(updateTransition(edit, row.id, { authorMaySign: !row.authorMaySign }))} data-testid={`row-${i}-author`} />
                      </td>
                      <td>
                        {[...new Set([...names.filter((n) => n !== row.name), ...row.notSignedBySignersOf])].map((n) => (
                          <Checkbox key={n} label={n} checked={row.notSignedBySignersOf.includes(n)} onChange={() => set(toggleExclusion(edit, row.id, n))} data-testid={`row-${i}-excl-${n}`} />
                        ))}
                      </td>
                      <td>
                        {reasons.length > 0 ? (
                          <ul className="notice notice-bad reasons" data-testid={`row-${i}-reasons`}>
                            {reasons.map((r, k) => (
                              <li key={k}>{r}</li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {editable ? (
            <Button onClick={() => set(addTransition(edit))} data-testid="flow-add-transition">
              {t('flow.addTransition')}
            </Button>
          ) : null}
        </fieldset>
        <section aria-live="polite" data-testid="flow-validation" data-valid={problems.length === 0 ? 'yes' : 'no'}>
          {problems.length === 0 ? (
            <p className="notice notice-ok">{t('flow.valid')}</p>
          ) : (
            <div className="notice notice-bad">
              <strong>{t('flow.invalid')}</strong>
              {words('flow').length > 0 ? (
                <ul data-testid="flow-reasons">
                  {words('flow').map((r, k) => (
                    <li key={k}>{r}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          )}
        </section>
        {editable ? (
          <div className="row save-row">
            <Button variant="primary" disabled={problems.length > 0 || !changed} onClick={save} data-testid="flow-save">
              {t('flow.save', { version: current.version + 1 })}
            </Button>
            <Button disabled={!changed} onClick={() => set(editOf(current.definition))} data-testid="flow-reset">
              {t('flow.reset')}
            </Button>
            {!changed ? <span className="hint">{t('flow.unchanged')}</span> : null}
          </div>
        ) : (
          <p className="hint">{t('flow.readOnly')}</p>
        )}
      </section>

      <FlowHistory versions={history.data ?? []} error={history.error} />

      <section aria-labelledby="flow-older-title" data-testid="flow-older">
        <h2 id="flow-older-title">{own('older')}</h2>
        <p className="hint">{own('olderExplain')}</p>
        <ErrorNotice error={subjects.error} />
        <OlderVersions versions={subjects.data ?? []} current={current.version} spec={spec} stateWords={stateWords} />
      </section>
      {signing ? <SignDialog request={signing} me={me} onClose={() => setSigning(null)} onSigned={() => setSigning(null)} /> : null}
    </div>
  );
}

function FlowDiagram({ edit, roleWords, stateWords }: { edit: FlowEdit; roleWords: (r: string) => string; stateWords: (s: string) => string }) {
  const { t } = useTranslation();
  const d = diagramOf(edit);
  return (
    <div className="flow-diagram">
      <svg width={d.width} height={d.height} viewBox={`0 0 ${d.width} ${d.height}`} role="img" aria-label={t('flow.diagramLabel')} data-testid="flow-diagram">
        <defs>
          <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#55606e" />
          </marker>
        </defs>
        {d.edges.map((e) => (
          <g key={e.id} className="edge" data-testid={`edge-${e.name}`}>
            <path d={e.d} markerEnd="url(#flow-arrow)" />
            <text x={e.labelX} y={e.labelY} textAnchor="middle">
              <tspan className="edge-name">{e.name}</tspan>
              <tspan x={e.labelX} dy="14">
                {e.slots.map((roles) => roles.map(roleWords).join(t('flow.or'))).join(' + ')}
              </tspan>
            </text>
          </g>
        ))}
        {d.states.map((s) => (
          <g key={s.state} className={`state${s.reachable ? '' : ' unreachable'}`} data-testid={`state-${s.state}`} data-reachable={s.reachable ? 'yes' : 'no'}>
            <rect x={s.x} y={s.y} width={BOX.w} height={BOX.h} rx={8} />
            <text x={s.x + BOX.w / 2} y={s.y + BOX.h / 2 + 5} textAnchor="middle">
              {stateWords(s.state)}
            </text>
            {s.reachable ? null : (
              <text x={s.x + BOX.w / 2} y={s.y + BOX.h + 16} textAnchor="middle" className="state-note">
                {t('flow.unreachable')}
              </text>
            )}
          </g>
        ))}
      </svg>
    </div>
  );
}

function FlowHistory({ versions, error }: { versions: FlowView[]; error: BatchlineError | null }) {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const options = versions.map((v) => ({ value: String(v.version), label: String(v.version) }));
  const fromV = from || String(versions.at(-2)?.version ?? versions[0]?.version ?? '');
  const toV = to || String(versions.at(-1)?.version ?? '');
  const a = versions.find((v) => String(v.version) === fromV);
  const b = versions.find((v) => String(v.version) === toV);
  const changes = a && b ? flowChanges(a.definition, b.definition) : [];
  return (
    <section aria-labelledby="flow-history-title" data-testid="flow-history">
      <h2 id="flow-history-title">{t('flow.history')}</h2>
      <ErrorNotice error={error} />
      <table className="table" data-testid="flow-history-table">
        <thead>
          <tr>
            <th scope="col">{t('flow.version')}</th>
            <th scope="col">{t('flow.signedBy')}</th>
            <th scope="col">{t('flow.at')}</th>
            <th scope="col">{t('flow.why')}</th>
            <th scope="col">{t('flow.signature')}</th>
            <th scope="col">{t('flow.checks')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid={`flow-version-${v.version}`}>
              <td>{v.version}</td>
              <td>
                {v.signature ? (
                  <>
                    <span translate="no">{v.signature.printedName}</span> ({v.signature.username})
                  </>
                ) : (
                  <span translate="no">{v.createdBy}</span>
                )}
              </td>
              <td>{formatTime(v.signature?.signedAt ?? v.createdAt, i18n.language)}</td>
              <td translate="no">{v.reason ?? ''}</td>
              <td>{v.signature ? v.signature.valid ? <span className="badge badge-ok">{t('flow.sigValid')}</span> : <span className="badge badge-bad">{t('flow.sigInvalid')}</span> : t('flow.notSigned')}</td>
              <td data-testid={`flow-version-${v.version}-checks`}>
                {v.problems?.length ? (
                  <ul className="badge-bad">
                    {v.problems.map((p, i) => (
                      <li key={i}>{flowReasonWords(p, i18n.language, (k, w) => t(k, w))}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="badge badge-ok">{t('flow.checksOk')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 ? (
        <div data-testid="flow-diff">
          <h3>{t('flow.diff')}</h3>
          <div className="row">
            <SelectField label={t('flow.diffFrom')} value={fromV} options={options} onChange={(e) => setFrom(e.target.value)} data-testid="flow-diff-from" />
            <SelectField label={t('flow.diffTo')} value={toV} options={options} onChange={(e) => setTo(e.target.value)} data-testid="flow-diff-to" />
          </div>
          {changes.length === 0 ? (
            <p>{t('flow.noChanges')}</p>
          ) : (
            <ul data-testid="flow-diff-sentences">
              {changes.map((c, i) => (
                <li key={i}>{changeText(c, (k, p) => t(k, p ?? {}))}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </section>
  );
}

function OlderVersions({ versions, current, spec, stateWords }: { versions: readonly FlowSubjectVersion[]; current: number; spec: FlowKindSpec; stateWords: (s: string) => string }) {
  const { t } = useTranslation();
  const { navigate } = useConsole();
  const older = underOlderFlow(versions, current);
  if (older.length === 0) return <p data-testid="flow-older-none">{t(`${spec.words}.olderNone`)}</p>;
  return (
    <table className="table" data-testid="flow-older-table">
      <thead>
        <tr>
          <th scope="col">{t(`${spec.words}.subject`)}</th>
          <th scope="col">{t('flow.recipeVersion')}</th>
          <th scope="col">{t('flow.state')}</th>
          <th scope="col">{t('flow.flowVersion')}</th>
        </tr>
      </thead>
      <tbody>
        {older.map((v) => (
          <tr key={`${v.code}@${v.version}`} data-testid={`older-${v.code}-${v.version}`}>
            <td className="mono">{v.code}</td>
            <td>
              <Button onClick={() => navigate(spec.versionRoute(v.code, v.version))}>{v.version}</Button>
            </td>
            <td>{stateWords(v.state)}</td>
            <td>{v.flowVersion}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
