/**
 * QC's signed retest of a lot (FR-143, FR-153; EU GMP Ch. 5.30, 6.32): after a passed retest a QC
 * person signs the lot's new retest and/or expiry date here. The retest's results are named —
 * their reference and who entered them (or, through the API, result ids recorded at the hub) —
 * and the person who entered them does not sign (four eyes). The form says so before signing;
 * the hub checks it again with every other rule (role, status kept, results in specification).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RetestSignedSchema, type RetestSigned, type SignRetest } from '../../src-shared/quality/iqc-contract.ts';
import type { HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';
import { Button, Checkbox, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { SignDialog } from '../components/sign-dialog.tsx';

export interface RetestDraft {
  lotId: string;
  retestDate: string;
  /** The lot is no longer subject to retest (its retest date removed). */
  noMoreRetest: boolean;
  expiryDate: string;
  resultsReference: string;
  resultsEnteredBy: string;
}

export const EMPTY_RETEST: RetestDraft = { lotId: '', retestDate: '', noMoreRetest: false, expiryDate: '', resultsReference: '', resultsEnteredBy: '' };

/** What keeps the draft from being signed, as keys of `retest.problem`; empty when it may be. */
export function retestProblems(d: RetestDraft, me: Pick<HubUserView, 'username'>): ('lot' | 'date' | 'results' | 'own')[] {
  const out: ('lot' | 'date' | 'results' | 'own')[] = [];
  if (d.lotId.trim() === '') out.push('lot');
  if (d.retestDate === '' && !d.noMoreRetest && d.expiryDate === '') out.push('date');
  if (d.resultsReference.trim() === '' || d.resultsEnteredBy.trim() === '') out.push('results');
  else if (d.resultsEnteredBy.trim().toLowerCase() === me.username.toLowerCase()) out.push('own');
  return out;
}

/** The request body of a draft, without the password and reason the signature adds. */
export function retestBody(d: RetestDraft): Omit<SignRetest, 'password' | 'reason'> {
  return {
    ...(d.noMoreRetest ? { retestDate: null } : d.retestDate !== '' ? { retestDate: d.retestDate } : {}),
    ...(d.expiryDate !== '' ? { expiryDate: d.expiryDate } : {}),
    resultsReference: d.resultsReference.trim(),
    resultsEnteredBy: d.resultsEnteredBy.trim(),
  };
}

/** The form and what it shows; `onSign` opens the signature (the card below supplies it). */
export function RetestForm({ draft, me, onChange, onSign, done }: { draft: RetestDraft; me: Pick<HubUserView, 'username'>; onChange: (d: RetestDraft) => void; onSign: () => void; done: RetestSigned | null }) {
  const { t } = useTranslation();
  const problems = retestProblems(draft, me);
  const set = (patch: Partial<RetestDraft>) => onChange({ ...draft, ...patch });
  return (
    <section className="card" data-testid="lot-retest" aria-label={t('retest.title')}>
      <h2>{t('retest.title')}</h2>
      <p>{t('retest.intro')}</p>
      <TextField label={t('retest.lot')} value={draft.lotId} onChange={(e) => set({ lotId: e.target.value })} data-testid="retest-lot" />
      <TextField label={t('retest.retestDate')} type="date" value={draft.retestDate} disabled={draft.noMoreRetest} onChange={(e) => set({ retestDate: e.target.value })} data-testid="retest-retest-date" />
      <Checkbox label={t('retest.noMoreRetest')} checked={draft.noMoreRetest} onChange={(e) => set({ noMoreRetest: e.target.checked })} data-testid="retest-no-more" />
      <TextField label={t('retest.expiryDate')} type="date" value={draft.expiryDate} onChange={(e) => set({ expiryDate: e.target.value })} data-testid="retest-expiry-date" />
      <TextField label={t('retest.resultsReference')} value={draft.resultsReference} onChange={(e) => set({ resultsReference: e.target.value })} data-testid="retest-reference" />
      <TextField label={t('retest.resultsEnteredBy')} hint={t('retest.enteredByHint')} value={draft.resultsEnteredBy} onChange={(e) => set({ resultsEnteredBy: e.target.value })} data-testid="retest-entered-by" />
      {problems.length > 0 ? (
        <ul className="hint" data-testid="retest-problems">
          {problems.map((p) => (
            <li key={p}>{t(`retest.problem.${p}`)}</li>
          ))}
        </ul>
      ) : null}
      <Button variant="primary" disabled={problems.length > 0} onClick={onSign} data-testid="retest-sign">
        {t('retest.sign')}
      </Button>
      {done ? (
        <p data-testid="retest-done">{t('retest.done', { lot: done.lotId, version: done.version, expiry: done.expiryDate, retest: done.retestDate ?? t('retest.none') })}</p>
      ) : null}
    </section>
  );
}

/** The retest card of the incoming-inspection screen (QC, the qa role). */
export function LotRetestCard() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [draft, setDraft] = useState<RetestDraft>(EMPTY_RETEST);
  const [signing, setSigning] = useState(false);
  const [done, setDone] = useState<RetestSigned | null>(null);
  const body = retestBody(draft);
  const lot = draft.lotId.trim();
  const dates = [body.retestDate !== undefined ? t('retest.newRetest', { date: body.retestDate ?? t('retest.none') }) : null, body.expiryDate !== undefined ? t('retest.newExpiry', { date: body.expiryDate }) : null].filter((x) => x !== null).join(', ');
  return (
    <>
      <RetestForm draft={draft} me={me} onChange={setDraft} onSign={() => setSigning(true)} done={done} />
      {signing ? (
        <SignDialog
          me={me}
          request={{
            title: t('retest.sign'),
            statement: t('retest.statement', { lot, dates, reference: body.resultsReference, enteredBy: body.resultsEnteredBy }),
            meaning: t('meaning.approved'),
            textLabel: t('retest.reason'),
            textRequired: true,
            submit: async (password, reason) => {
              const r = await api.post(`/api/v1/quality/lots/${encodeURIComponent(lot)}/retest`, { ...body, reason, password }, RetestSignedSchema);
              if (!r.ok) return r.error;
              setDone(r.value);
              return null;
            },
          }}
          onClose={() => setSigning(false)}
          onSigned={() => {
            setSigning(false);
            setDraft(EMPTY_RETEST);
          }}
        />
      ) : null}
    </>
  );
}
