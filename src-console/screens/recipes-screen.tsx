/**
 * Recipes (master batch records) in the console (issue 14 item 1): the list by code with each
 * version's state (#/recipes), and the designer of one version (#/recipes/<code>/<version>, or
 * #/recipes/<code>/new): the ISA-88 tree by drag and drop, the editors of the selected node, the
 * formula and IPQC check plans, the recipe's own validation live (the same schema and
 * cross-checks the hub applies at save), the station's preview of the selected step, and the
 * version panel (save as a new version, versions, diff, approval signatures). The approval flow
 * versions move through is its own tab (#/recipes/~flow, approval-flow-screen.tsx).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RecipeListSchema, RecipeVersionViewSchema, type RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import { MasterDataObjectSchema } from '../../src-shared/sync/sync-protocol.ts';
import { z } from 'zod';
import { Code } from '../../src-shared/master-data/common.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { hasRole } from '../state/session-store.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ListTable } from '../components/list-table.tsx';
import { draftOf, draftProblems, emptyDraft, findStep, parseKey, removeNode, renameNode, replaceStep, type Draft, type Problem } from '../recipe/recipe-draft.ts';
import { reasonText } from '../recipe/draft-reasons.ts';
import { RecipeTree } from '../recipe/recipe-tree.tsx';
import { StepEditor } from '../recipe/step-editor.tsx';
import { CheckPlansEditor, HeaderEditor, MaterialLinesEditor, Reasons } from '../recipe/formula-editor.tsx';
import { StepPreview } from '../recipe/step-preview.tsx';
import { VersionPanel } from '../recipe/version-panel.tsx';
import { ApprovalFlowScreen, RecipeTabs } from './approval-flow-screen.tsx';

export function RecipesScreen({ route }: { route: string[] }) {
  const [code, version] = route;
  if (code === '~flow') return <ApprovalFlowScreen kind="recipe" />;
  if (code) return <RecipeDesigner key={`${code}/${version ?? ''}`} code={decodeURIComponent(code)} version={version && version !== 'new' ? Number(version) : null} />;
  return <RecipeList />;
}

function RecipeList() {
  const { t } = useTranslation();
  const { api, navigate, me } = useConsole();
  const list = useLoad(() => api.get('/api/v1/recipes', RecipeListSchema), 'recipes');
  const [code, setCode] = useState('');
  const valid = Code.safeParse(code.trim()).success;
  const create = (e: FormEvent) => {
    e.preventDefault();
    if (valid) navigate(`recipes/${encodeURIComponent(code.trim())}/new`);
  };
  return (
    <>
      <RecipeTabs current="recipes" />
      <h1>{t('recipes.title')}</h1>
      {hasRole(me, 'master-data', 'qa') ? (
        <form className="row" onSubmit={create}>
          <TextField label={t('recipes.newCode')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="new-recipe-code" autoComplete="off" />
          <button type="submit" className="btn btn-primary" disabled={!valid} data-testid="new-recipe">
            {t('recipes.create')}
          </button>
        </form>
      ) : null}
      <ListTable
        list={list}
        empty={t('recipes.empty')}
        className="table"
        testId="recipes-table"
        rowKey={(r) => r.recipeCode}
        rowProps={(r) => ({ 'data-testid': `recipe-row-${r.recipeCode}` })}
        columns={[
          { header: t('recipes.code'), className: 'mono', cell: (r) => r.recipeCode },
          { header: t('recipes.name'), noTranslate: true, cell: (r) => r.name },
          {
            header: t('recipes.versions'),
            cell: (r) => (
              <div className="row">
                {r.versions.map((v) => (
                  <Button key={v.version} onClick={() => navigate(`recipes/${encodeURIComponent(r.recipeCode)}/${v.version}`)} data-testid={`open-${r.recipeCode}-${v.version}`}>
                    {t('recipes.versionState', { version: v.version, state: t(`recipeState.${v.state}`) })}
                  </Button>
                ))}
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

function RecipeDesigner({ code, version }: { code: string; version: number | null }) {
  const { t, i18n } = useTranslation();
  const { api, navigate, me } = useConsole();
  const loaded = useLoad(() => (version === null ? Promise.resolve({ ok: true as const, value: null }) : api.get(`/api/v1/recipes/${encodeURIComponent(code)}/versions/${version}`, RecipeVersionViewSchema)), `${code}/${version}`);
  // The hub's materials (readable by master data, the designer's authors): names for the preview, codes to pick.
  const materialObjects = useLoad(
    () => (hasRole(me, 'master-data') ? api.get('/api/v1/master-data/material', z.array(MasterDataObjectSchema)) : Promise.resolve({ ok: true as const, value: [] })),
    'materials',
  );
  const materials = useMemo(() => new Map((materialObjects.data ?? []).map((m) => [m.key, String((m.data as { name?: unknown } | null)?.name ?? m.key)])), [materialObjects.data]);
  const [view, setView] = useState<RecipeVersionView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(version === null ? emptyDraft() : null);
  const [selected, setSelected] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [saveError, setSaveError] = useState<BatchlineError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) {
      setView(loaded.data);
      setDraft(draftOf(loaded.data.content));
    }
  }, [loaded.data]);
  // A refusal of the last save speaks of the draft as it was then.
  useEffect(() => setSaveError(null), [draft]);
  const problems = useMemo(() => (draft ? draftProblems(draft, code) : []), [draft, code]);
  const editable = hasRole(me, 'master-data', 'qa');
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!draft) return <p>{t('common.loading')}</p>;
  const sel = selected ? parseKey(selected) : null;
  const step = sel?.kind === 'step' ? findStep(draft, sel.id) : undefined;
  const nodeName = sel && sel.kind !== 'step' ? (sel.kind === 'up' ? draft.unitProcedures.find((u) => u.unitProcedureId === sel.id)?.name : draft.unitProcedures.flatMap((u) => u.operations).find((o) => o.operationId === sel.id)?.name) : undefined;
  // The hub's English, or the reason's catalogue words in the console's language (draft-reasons.ts).
  const words = (p: Problem) => reasonText(p, i18n.language, (k, params) => t(k, params));
  const at = (key: string) => problems.filter((p) => p.at === key).map(words);
  const save = async () => {
    setBusy(true);
    const r = await api.post(`/api/v1/recipes/${encodeURIComponent(code)}/versions`, { content: draft, basedOn: view?.version ?? null, note: note.trim() }, RecipeVersionViewSchema);
    setBusy(false);
    setSaveError(r.ok ? null : r.error);
    if (r.ok) navigate(`recipes/${encodeURIComponent(code)}/${r.value.version}`);
  };
  return (
    <div className="designer" data-testid="designer">
      <div className="row">
        <Button onClick={() => navigate('recipes')}>{t('designer.back')}</Button>
        <h1>{version === null ? t('designer.newTitle', { code }) : t('designer.title', { code })}</h1>
      </div>
      {view ? (
        <p className="hint" data-testid="opened">
          {t('designer.opened', { version: view.version, state: t(`recipeState.${view.state}`) })}
        </p>
      ) : null}
      <HeaderEditor draft={draft} onChange={setDraft} editable={editable} />
      <Reasons reasons={at('recipe')} testId="problems-recipe" />
      <div className="designer-grid">
        <RecipeTree draft={draft} onChange={setDraft} selected={selected} onSelect={setSelected} problems={problems} editable={editable} />
        <section className="designer-editor" aria-label={t('designer.step')} data-testid="node-editor">
          {!sel ? <p className="hint">{t('designer.noneSelected')}</p> : null}
          {sel && sel.kind !== 'step' && nodeName !== undefined ? (
            <fieldset disabled={!editable}>
              <legend>
                {t(sel.kind === 'up' ? 'designer.up' : 'designer.op')} {sel.id}
              </legend>
              <TextField label={t('designer.nodeName')} value={nodeName} onChange={(e) => setDraft(renameNode(draft, selected!, e.target.value))} data-testid="node-name" />
              <Button variant="danger" onClick={() => (setDraft(removeNode(draft, selected!)), setSelected(null))} data-testid="node-remove">
                {t('designer.remove')}
              </Button>
            </fieldset>
          ) : null}
          {step ? (
            <>
              <StepEditor
                draft={draft}
                step={step}
                editable={editable}
                onChange={(s) => {
                  setDraft(replaceStep(draft, step.stepId, s));
                  if (s.stepId !== step.stepId) setSelected(`step:${s.stepId}`);
                }}
              />
              {editable ? (
                <Button variant="danger" onClick={() => (setDraft(removeNode(draft, selected!)), setSelected(null))} data-testid="node-remove">
                  {t('designer.remove')}
                </Button>
              ) : null}
            </>
          ) : null}
          {selected ? <Reasons reasons={at(selected)} testId="problems-node" /> : null}
        </section>
        <div className="designer-side">
          {step ? <StepPreview draft={draft} step={step} recipeCode={code} materials={materials} /> : null}
          <section aria-live="polite" data-testid="validation" data-valid={problems.length === 0 ? 'yes' : 'no'}>
            {problems.length === 0 ? (
              <p className="notice notice-ok">{t('designer.valid')}</p>
            ) : (
              <div className="notice notice-bad">
                <strong>{t('designer.invalid')}</strong>
                <ul>
                  {problems.map((p, i) => (
                    <li key={i} translate="no">
                      {words(p)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        </div>
      </div>
      <MaterialLinesEditor draft={draft} onChange={setDraft} editable={editable} problems={at('materials')} materials={materials} />
      <CheckPlansEditor draft={draft} onChange={setDraft} editable={editable} problems={at('checks')} />
      {editable ? (
        <div className="row save-row">
          <TextField label={t('designer.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="save-note" />
          <Button variant="primary" disabled={busy} onClick={() => void save()} data-testid="save-version">
            {t('designer.save')}
          </Button>
        </div>
      ) : (
        <p className="hint">{t('designer.readOnly')}</p>
      )}
      <ErrorNotice error={saveError} />
      {saveError?.details?.issues ? <Reasons reasons={saveError.details.issues as string[]} testId="save-refused" /> : null}
      {version !== null ? <VersionPanel code={code} view={view} onOpen={(v) => navigate(`recipes/${encodeURIComponent(code)}/${v}`)} onSigned={setView} /> : null}
    </div>
  );
}
