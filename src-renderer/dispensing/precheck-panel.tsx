/**
 * Pre-checks before an order starts (ARCHITECTURE.md "Weigh & dispense"): the booth is clean
 * and cleared, each balance's calibration is valid and today's periodic check is done (the
 * operator puts each test weight on the pan and the station reads it from the balance), the
 * operator is trained on the recipe, master data is fresh enough. Every answer is the engine's.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import { Button, Card, Checkbox } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { formatDateTime, formatMass } from '../i18n/format.ts';
import { client, useApp } from '../state/app-store.ts';
import { LiveWeight } from './live-weight.tsx';
import { Data } from '../components/plant-data.tsx';

export function PrecheckPanel({ batchNumber, onBack, onStarted }: { batchNumber: string; onBack: () => void; onStarted: () => void }) {
  const { t, i18n } = useTranslation();
  const tz = useApp((s) => s.info?.timeZone ?? 'UTC');
  const [boothId, setBoothId] = useState<string | null>(null);
  const [view, setView] = useState<PrecheckView | null>(null);
  const [checkNote, setCheckNote] = useState<string | null>(null);
  // Campaign work (issue 17): the order shares the booth with other open orders.
  const [shareBooth, setShareBooth] = useState(false);
  const { run, busy, error } = useAction();
  const load = useCallback(async () => {
    const r = await run(() => client().call('orders.prechecks', { batchNumber, boothId, shareBooth }));
    if (r) setView(r);
  }, [batchNumber, boothId, shareBooth, run]);
  useEffect(() => {
    void load();
  }, [load]);
  const readWeight = async (balanceId: string, testWeight: string) => {
    setCheckNote(null);
    const r = await run(() => client().call('balances.checkWeight', { balanceId, testWeight }));
    if (!r) return;
    setCheckNote(r.recorded ? t(r.recorded.passed ? 'precheck.checkPassed' : 'precheck.checkFailed', { id: balanceId }) : t('precheck.checkRead', { mass: formatMass(r.reading.mass, i18n.language, t), count: r.remaining.length }));
    await load();
  };
  const start = async () => {
    const r = await run(() => client().call('orders.execute', { batchNumber, command: { type: 'start-order', boothId: view!.booth!.boothId, shareBooth } }));
    if (r) onStarted();
  };
  const Status = ({ problem }: { problem: { code: string; message: string } | null }) =>
    problem ? <ErrorNotice error={{ code: problem.code as never, message: problem.message }} testId="precheck-problem" /> : <span className="badge badge-ok">{t('precheck.ok')}</span>;
  return (
    <main id="main" data-testid="precheck-screen">
      <div className="row">
        <Button onClick={onBack}>{t('queue.back')}</Button>
        <h1>{t('precheck.title', { batch: batchNumber })}</h1>
      </div>
      <ErrorNotice error={error} />
      <OkNotice text={checkNote} testId="check-note" />
      {view ? (
        <>
          <Card title={t('precheck.booth')}>
            <div className="row" role="group" aria-label={t('precheck.chooseBooth')}>
              {view.booths.map((b) => (
                <Button key={b.boothId} aria-pressed={view.booth?.boothId === b.boothId} onClick={() => setBoothId(b.boothId)} data-testid={`booth-${b.boothId}`}>
                  {view.booth?.boothId === b.boothId ? '✓ ' : ''}
                  <Data>{b.name}</Data>
                </Button>
              ))}
            </div>
            {view.booth ? (
              <p>
                <Data>{view.booth.name}</Data> · <Data>{view.booth.room}</Data> · {t(`precheck.cleaning.${view.booth.cleaning}`)} · {t(`precheck.clearance.${view.booth.lineClearance}`)}
              </p>
            ) : null}
            <Checkbox label={t('precheck.shareBooth')} checked={shareBooth} onChange={(e) => setShareBooth(e.target.checked)} data-testid="share-booth" />
            {/* A clean booth has problem === null: only a missing booth is "unknown". */}
            <div data-testid="precheck-booth-status">
              <Status problem={view.booth ? view.booth.problem : { code: 'BOOTH_UNKNOWN', message: '' }} />
            </div>
          </Card>
          <Card title={t('precheck.balances')}>
            {view.balances.map((b) => (
              <section key={b.balanceId} className="card" data-testid={`precheck-${b.balanceId}`}>
                <h3>
                  <Data>{b.name}</Data> ({b.balanceId}) · <Data>{b.model}</Data> · {b.serialNumber}
                </h3>
                <p>
                  {t('precheck.calibrationDue', { time: formatDateTime(b.calibrationDueAt, i18n.language, tz) })} ·{' '}
                  {b.lastCheck ? t(b.lastCheck.passed ? 'precheck.lastCheckPassed' : 'precheck.lastCheckFailed', { time: formatDateTime(b.lastCheck.performedAt, i18n.language, tz) }) : t('precheck.noCheck')}
                </p>
                <Status problem={b.problem} />
                <LiveWeight balanceId={b.balanceId} window={null} offerClear />
                <div className="row">
                  {b.checkPoints.map((p) => (
                    <Button key={p.testWeight} disabled={busy} onClick={() => void readWeight(b.balanceId, p.testWeight)} data-testid={`check-${b.balanceId}-${p.testWeight}`}>
                      {t('precheck.readTestWeight', { weight: p.testWeight, nominal: formatMass(p.nominal, i18n.language, t) })}
                    </Button>
                  ))}
                </div>
              </section>
            ))}
          </Card>
          <Card title={t('precheck.training')}>
            {view.training.validUntil ? <p>{t('precheck.trainedUntil', { date: view.training.validUntil })}</p> : null}
            <Status problem={view.training.problem} />
          </Card>
          <Card title={t('precheck.masterData')}>
            {view.masterData.ageMinutes !== null ? <p>{t('precheck.masterDataAge', { minutes: view.masterData.ageMinutes })}</p> : null}
            <Status problem={view.masterData.problem} />
          </Card>
          {/* The engine's own reason for refusing start-order now: the screen shows what the engine decides. */}
          {view.startRefusal ? <ErrorNotice error={{ code: view.startRefusal.code as never, message: view.startRefusal.message }} testId="start-refusal" /> : null}
          <Button variant="primary" big disabled={busy || !view.ready} onClick={() => void start()} data-testid="start-order">
            {t('precheck.start')}
          </Button>
        </>
      ) : null}
    </main>
  );
}
