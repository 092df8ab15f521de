/**
 * One batch for QA and the QP: exceptions first (review by exception), then deviations, the
 * signatures made at the hub, and the full record. QA signs the review and closes deviations;
 * the QP releases or rejects. Buttons appear by role, but the hub decides: a refusal is shown
 * in the dialog with its reasons (e.g. the open deviations).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BatchReviewSchema, type DeviationView } from '../../src-shared/quality/review-contract.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { hasRole } from '../state/session-store.ts';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { SignDialog, type SignRequest } from '../components/sign-dialog.tsx';
import { DecisionBadge, ReviewBadge } from './batch-badges.tsx';
import { DeviationList, ExceptionList } from './batch-exceptions.tsx';
import { HubSignatures, RecordTable } from './batch-record.tsx';
import { saveDownload } from '../components/save-download.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Data } from '../components/plant-data.tsx';
import { QualityRecordList } from '../components/quality-records.tsx';
import { RaiseForm } from './deviations-screen.tsx';
import { BatchIpqcSection } from './ipqc-panel.tsx';
import { EnvironmentSection, OqcSection } from './batch-oqc-environment.tsx';

const Signed = z.object({ signatureId: z.number() });

export function BatchScreen({ batch }: { batch: string }) {
  const { t, i18n } = useTranslation();
  const { api, me, navigate } = useConsole();
  const view = useLoad(() => api.get(`/api/v1/quality/batches/${encodeURIComponent(batch)}`, BatchReviewSchema), batch);
  const [signing, setSigning] = useState<SignRequest | null>(null);
  const [showRecord, setShowRecord] = useState(false);
  const [downloadError, setDownloadError] = useState<BatchlineError | null>(null);
  const lang = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
  const [following, setFollowing] = useState<DeviationView | null>(null);
  const base = `/api/v1/quality/batches/${encodeURIComponent(batch)}`;
  const post = async (path: string, body: Record<string, unknown>) => {
    const r = await api.post(`${base}/${path}`, body, Signed);
    return r.ok ? null : r.error;
  };
  const request = (title: string, statement: string, meaning: string, textLabel: string, textRequired: boolean, submit: SignRequest['submit']): SignRequest => ({
    title,
    statement,
    meaning: t(`meaning.${meaning}`),
    textLabel,
    textRequired,
    submit,
  });
  const isQa = hasRole(me, 'qa');
  const isQp = hasRole(me, 'qp');
  const closeDeviation = (d: DeviationView) =>
    setSigning(request(t('sign.closeTitle', { id: d.deviationId }), t('sign.closeStatement', { id: d.deviationId }), 'approved', t('sign.conclusion'), true, (password, conclusion) => post('deviations/close', { stationId: d.stationId, seq: d.seq, password, conclusion })));
  const v = view.data;
  return (
    <>
      <Button onClick={() => navigate('batches')}>← {t('common.back')}</Button>
      <h1>{t('batch.title', { batch })}</h1>
      <div className="row">
        <Button onClick={async () => setDownloadError(await saveDownload(api, `${base}/batch-record.pdf?lang=${lang}`))} data-testid="download-record-pdf">
          {t('batch.downloadPdf')}
        </Button>
        {hasRole(me, 'qa', 'qp', 'admin') ? (
          <Button onClick={() => navigate(`audit/${encodeURIComponent(batch)}`)} data-testid="batch-audit">
            {t('batch.auditTrail')}
          </Button>
        ) : null}
      </div>
      <ErrorNotice error={view.error ?? downloadError} />
      {v ? (
        <>
          <section className="card" aria-label={t('batches.status')}>
            <div className="row">
              <span className="badge badge-muted">{t(`status.${v.summary.status}`)}</span>
              <ReviewBadge review={v.summary.review} />
              <DecisionBadge decision={v.summary.decision} />
            </div>
            <p>
              {v.summary.productCode} {v.summary.productName ? <Data>{`· ${v.summary.productName}`}</Data> : ''} · {t('batch.recipe')}: {v.summary.recipe ?? '—'} · {t('batch.stations')}: {v.summary.stations.join(', ')}
              <br />
              {formatTime(v.summary.startedAt, i18n.language)} – {formatTime(v.summary.completedAt, i18n.language)}
            </p>
            <p className="hint">
              {t('batch.recordHash')}: <span className="mono">{v.recordHash}</span>
            </p>
            {v.outputLots.length > 0 ? <p>{t('batch.outputLots')}: {v.outputLots.map((o) => `${o.lotId} (${t(`trace.${o.role}`)}${o.quantity ? `, ${o.quantity}` : ''})`).join('; ')}</p> : null}
          </section>
          <section className="card">
            <h2>{t('batch.exceptionsTitle')}</h2>
            <ExceptionList exceptions={v.exceptions} />
          </section>
          <section className="card">
            <h2>{t('batch.deviationsTitle')}</h2>
            <DeviationList deviations={v.deviations} canClose={isQa && v.summary.decision === null} onClose={closeDeviation} />
            {isQa && v.summary.decision === null
              ? v.deviations
                  .filter((d) => d.closure === null)
                  .map((d) => (
                    <Button key={d.deviationId} onClick={() => setFollowing(d)} data-testid={`follow-up-${d.deviationId}`}>
                      {t('dev.followUp', { id: d.deviationId })}
                    </Button>
                  ))
              : null}
            {following ? (
              <RaiseForm
                batchNumber={batch}
                source={{ stationId: following.stationId, seq: following.seq }}
                defaultTitle={`${following.deviationId}: ${following.reason}`.slice(0, 200)}
                onDone={(id) => (id ? navigate(`deviations/${id}`) : setFollowing(null))}
              />
            ) : null}
          </section>
          <BatchIpqcSection batch={batch} />
          <OqcSection oqc={v.oqc} />
          <EnvironmentSection environment={v.environment} />
          <section className="card">
            <h2>{t('dev.recordsTitle')}</h2>
            <QualityRecordList records={v.qualityRecords} onOpen={(id) => navigate(`deviations/${id}`)} />
          </section>
          <section className="card">
            <h2>{t('batch.actions')}</h2>
            {v.summary.status !== 'complete' ? <p>{t('batch.notComplete')}</p> : null}
            <div className="row">
              {isQa ? (
                <Button variant="primary" disabled={v.summary.decision !== null || v.summary.review === 'current'} onClick={() => setSigning(request(t('sign.reviewTitle', { batch }), t('sign.reviewStatement', { batch }), 'reviewed', t('sign.comment'), false, (password, comment) => post('review', { password, ...(comment ? { comment } : {}) })))} data-testid="sign-review">
                  {t('batch.signReview')}
                </Button>
              ) : null}
              {isQp ? (
                <>
                  <Button variant="primary" disabled={v.summary.decision !== null} onClick={() => setSigning(request(t('sign.releaseTitle', { batch }), t('sign.releaseStatement', { batch }), 'released', t('sign.comment'), false, (password, comment) => post('decision', { decision: 'released', password, ...(comment ? { comment } : {}) })))} data-testid="release">
                    {t('batch.release')}
                  </Button>
                  <Button variant="danger" disabled={v.summary.decision !== null} onClick={() => setSigning(request(t('sign.rejectTitle', { batch }), t('sign.rejectStatement', { batch }), 'rejected', t('sign.reason'), true, (password, comment) => post('decision', { decision: 'rejected', password, comment })))} data-testid="reject">
                    {t('batch.reject')}
                  </Button>
                </>
              ) : null}
            </div>
            <h3>{t('batch.signaturesTitle')}</h3>
            <HubSignatures signatures={v.signatures} />
          </section>
          <section className="card">
            <h2>
              <Button onClick={() => setShowRecord((s) => !s)} aria-expanded={showRecord} data-testid="toggle-record">
                {showRecord ? '▾' : '▸'} {t('batch.recordTitle', { count: v.record.length })}
              </Button>
            </h2>
            {showRecord ? <RecordTable record={v.record} /> : null}
          </section>
        </>
      ) : null}
      {signing ? (
        <SignDialog
          request={signing}
          me={me}
          onClose={() => setSigning(null)}
          onSigned={() => {
            setSigning(null);
            view.reload();
          }}
        />
      ) : null}
    </>
  );
}
