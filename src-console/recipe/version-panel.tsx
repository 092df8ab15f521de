/**
 * Versions and approval (issue 14 items 3-4) beside the designer: every version of the recipe
 * with its state, the difference between any two in words (the hub's recipe-diff, en + zh-CN),
 * the open version's signatures (who signed what, as what, when, and whether the signature
 * verifies now), and the approval flow's next transitions, each an e-signature with the password.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { RecipeDiffSchema, RecipeVersionSummarySchema, RecipeVersionViewSchema, type RecipeDiff, type RecipeVersionView } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { SignDialog, type SignRequest } from '../components/sign-dialog.tsx';
import { formatTime } from '../components/format.ts';

const base = (code: string) => `/api/v1/recipes/${encodeURIComponent(code)}`;

export function VersionPanel({ code, view, onOpen, onSigned }: { code: string; view: RecipeVersionView | null; onOpen: (version: number) => void; onSigned: (v: RecipeVersionView) => void }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const versions = useLoad(() => api.get(`${base(code)}/versions`, z.array(RecipeVersionSummarySchema)), `${code}:${view?.version ?? 0}:${view?.signatures.length ?? 0}`);
  const list = versions.data ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<RecipeDiff | null>(null);
  const [diffError, setDiffError] = useState<BatchlineError | null>(null);
  const [signing, setSigning] = useState<SignRequest | null>(null);
  const [changeId, setChangeId] = useState('');
  const options = list.map((v) => ({ value: String(v.version), label: `${v.version} · ${t(`recipeState.${v.state}`)}` }));
  const fromV = from || String(list.at(-2)?.version ?? list[0]?.version ?? '');
  const toV = to || String(list.at(-1)?.version ?? '');
  const compare = async () => {
    const r = await api.get(`${base(code)}/diff?from=${fromV}&to=${toV}`, RecipeDiffSchema);
    setDiff(r.ok ? r.value : null);
    setDiffError(r.ok ? null : r.error);
  };
  const words = (transition: string) => t(`versions.transitions.${transition}`, { defaultValue: transition });
  const sign = (next: RecipeVersionView['next'][number]) => {
    if (!view) return;
    setSigning({
      title: t('versions.sign', { transition: words(next.transition) }),
      statement: t('versions.statement', { transition: words(next.transition), code, version: view.version, hash: view.contentHash.slice(0, 16), to: t(`recipeState.${next.to}`) }),
      meaning: t(`meaning.${next.meaning}`),
      textLabel: t('versions.comment'),
      textRequired: false,
      submit: async (password, comment) => {
        const r = await api.post(`${base(code)}/versions/${view.version}/transitions`, { transition: next.transition, password, ...(comment ? { comment } : {}), ...(changeId.trim() ? { changeId: changeId.trim() } : {}) }, RecipeVersionViewSchema);
        if (!r.ok) return r.error;
        onSigned(r.value);
        return null;
      },
    });
  };
  return (
    <section className="card" aria-labelledby="versions-title" data-testid="version-panel">
      <h2 id="versions-title">{t('versions.title')}</h2>
      <ErrorNotice error={versions.error} />
      <table className="table" data-testid="versions-table">
        <thead>
          <tr>
            <th scope="col">{t('versions.version')}</th>
            <th scope="col">{t('versions.state')}</th>
            <th scope="col">{t('versions.author')}</th>
            <th scope="col">{t('versions.at')}</th>
            <th scope="col">{t('versions.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.version} aria-current={v.version === view?.version ? 'true' : undefined} data-testid={`version-row-${v.version}`}>
              <td>
                <Button onClick={() => onOpen(v.version)} aria-label={t('versions.open', { version: v.version })} data-testid={`open-version-${v.version}`}>
                  {v.version}
                </Button>
              </td>
              <td data-testid={`version-state-${v.version}`}>{t(`recipeState.${v.state}`)}</td>
              <td translate="no">{v.createdBy}</td>
              <td>{formatTime(v.createdAt, i18n.language)}</td>
              <td className="mono">{v.contentHash.slice(0, 16)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length > 1 ? (
        <div data-testid="diff">
          <h3>{t('versions.diff')}</h3>
          <div className="row">
            <SelectField label={t('versions.from')} value={fromV} options={options} onChange={(e) => setFrom(e.target.value)} data-testid="diff-from" />
            <SelectField label={t('versions.to')} value={toV} options={options} onChange={(e) => setTo(e.target.value)} data-testid="diff-to" />
            <Button onClick={() => void compare()} data-testid="diff-compare">
              {t('versions.compare')}
            </Button>
          </div>
          <ErrorNotice error={diffError} />
          {diff ? (
            diff.sentences[i18n.language === 'zh-CN' ? 'zh-CN' : 'en'].length === 0 ? (
              <p>{t('versions.noChanges')}</p>
            ) : (
              <ul data-testid="diff-sentences">
                {diff.sentences[i18n.language === 'zh-CN' ? 'zh-CN' : 'en'].map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            )
          ) : null}
        </div>
      ) : null}
      {view ? (
        <div data-testid="signatures">
          <h3>{t('versions.signatures', { version: view.version })}</h3>
          {view.signatures.length === 0 ? (
            <p>{t('versions.noSignatures')}</p>
          ) : (
            <table className="table" data-testid="signatures-table">
              <thead>
                <tr>
                  <th scope="col">{t('versions.transition')}</th>
                  <th scope="col">{t('versions.meaning')}</th>
                  <th scope="col">{t('versions.signer')}</th>
                  <th scope="col">{t('versions.role')}</th>
                  <th scope="col">{t('versions.signedAt')}</th>
                  <th scope="col">{t('versions.validity')}</th>
                </tr>
              </thead>
              <tbody>
                {view.signatures.map((s, i) => (
                  <tr key={i} data-testid={`signature-${i}`}>
                    <td>
                      {words(s.transition)} → {t(`recipeState.${s.stateAfter}`)}
                    </td>
                    <td>{t(`meaning.${s.meaning}`)}</td>
                    <td>
                      <span translate="no">{s.printedName}</span> ({s.username})
                    </td>
                    <td>{s.role ? t(`roles.${s.role}`, { defaultValue: s.role }) : '—'}</td>
                    <td>{formatTime(s.signedAt, i18n.language)}</td>
                    <td>{s.valid ? <span className="badge badge-ok">{t('versions.valid')}</span> : <span className="badge badge-bad">{t('versions.invalid')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {view.next.length > 0 ? (
            <div data-testid="flow-next">
              <h3>{t('versions.next')}</h3>
              {view.next.some((n) => n.to === 'effective') ? <TextField label={t('versions.changeId')} value={changeId} onChange={(e) => setChangeId(e.target.value)} data-testid="change-id" /> : null}
              <ul className="flow-next">
                {view.next.map((n) => (
                  <li key={n.transition} className="row">
                    {n.rolesNeeded.some((rs) => rs.some((r) => me.roles.includes(r))) ? (
                      <Button variant="primary" onClick={() => sign(n)} data-testid={`sign-${n.transition}`}>
                        {t('versions.sign', { transition: words(n.transition) })}
                      </Button>
                    ) : (
                      <strong>{words(n.transition)}</strong>
                    )}
                    <span>
                      {t('versions.needs', { roles: n.rolesNeeded.map((rs) => rs.map((r) => t(`roles.${r}`, { defaultValue: r })).join(' / ')).join(' + ') })}
                      {n.signedBy.length > 0 ? ` · ${t('versions.signedSoFar', { names: n.signedBy.join(', ') })}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
      {signing ? <SignDialog request={signing} me={me} onClose={() => setSigning(null)} onSigned={() => setSigning(null)} /> : null}
    </section>
  );
}
