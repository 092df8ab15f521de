/**
 * The batch record as it grows: every step with its events, the material lines with each
 * portion (container, lot, balance, tare, reading, net), deviations and refused attempts, and
 * every signature manifested with printed name, date and time with the zone, and meaning
 * (21 CFR 11.50). Read from the ledger by the station each time it is shown.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRecord, RecordEvent, SignatureManifest, StepRecord } from '../../src-shared/orders/batch-record.ts';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { finerReadability, precisionOf, type Mass } from '../../src-shared/mass.ts';
import { specWindowAt } from '../../src-shared/recipe/window-at-readability.ts';
import { formatDateTime, formatMass } from '../i18n/format.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { RECORD_LINE_TEXT, recordLocale } from '../../src-shared/record/record-line-text.ts';
import { client, useApp } from '../state/app-store.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import { Button } from '../components/controls.tsx';
import { saveBase64File } from '../components/save-file.ts';
import { Data, RecordLineText, TData } from '../components/plant-data.tsx';
import { correctableForm, type CorrectableForm } from './form-correction.tsx';

/** `onCorrect`: offered beside each recorded form while the order may still be corrected at the station (FR-122). */
export function RecordView({ batchNumber, revision = 0, onCorrect }: { batchNumber: string; revision?: number; onCorrect?: (form: CorrectableForm) => void }) {
  const { t, i18n } = useTranslation();
  const [record, setRecord] = useState<BatchRecord | null>(null);
  const { run, error } = useAction();
  useEffect(() => {
    void run(() => client().call('record.get', { batchNumber })).then((r) => r && setRecord(r));
  }, [batchNumber, revision, run]);
  if (!record) return <ErrorNotice error={error} />;
  return (
    <section className="card" aria-labelledby="record-title" data-testid="batch-record">
      <h2 id="record-title">{t('record.title', { batch: record.batchNumber })}</h2>
      <Button
        onClick={() =>
          void run(() => client().call('record.pdf', { batchNumber, lang: i18n.language.startsWith('zh') ? 'zh-CN' : 'en' })).then((r) => r && saveBase64File(r.base64, r.fileName, 'application/pdf'))
        }
        data-testid="record-pdf"
      >
        {t('record.pdf')}
      </Button>
      <p>
        {t('record.status')}: {t(`queue.statuses.${record.status === 'unknown' ? 'planned' : record.status}`)} · {t('record.entries', { count: record.ledger.entries, last: record.ledger.lastSeq ?? '—' })}
      </p>
      {(record.configVersions ?? []).map((c) => (
        <p key={c.fromSeq} data-testid="record-config-version">
          {t('record.configVersion', { version: c.version, from: c.fromSeq, count: c.entries })}
        </p>
      ))}
      {record.steps.filter((s) => s.events.length > 0 || s.material).map((s) => (
        <div key={s.stepId} className="card" data-testid={`record-step-${s.stepId}`}>
          <h3>
            {s.stepId} · <Data>{s.name}</Data>
          </h3>
          {s.material ? <Material line={s.material} /> : null}
          <Events events={s.events} step={s} {...(onCorrect ? { onCorrect } : {})} />
        </div>
      ))}
      {record.deviations.length > 0 ? (
        <div className="card">
          <h3>{t('record.deviations')}</h3>
          {record.deviations.map((d) => (
            <div key={d.seq} data-testid="record-deviation">
              <p>
                {d.deviationId} · {t(`deviation.categories.${d.category}`, { defaultValue: d.category })} · {t(`deviation.statuses.${d.status}`)} — <Data>{d.reason}</Data>
              </p>
              {d.approval ? <Manifest s={d.approval} /> : null}
            </div>
          ))}
        </div>
      ) : null}
      {record.labels ? (
        <div className="card" data-testid="record-labels">
          <h3>{t('labels.title')}</h3>
          <p>{t('labels.counts', { issued: record.labels.issued, printed: record.labels.printed, reprinted: record.labels.reprinted, used: record.labels.used, destroyed: record.labels.destroyed })}</p>
          <p className={record.labels.balanced ? 'notice notice-ok' : 'notice notice-bad'}>{record.labels.balanced ? t('labels.balanced') : t('labels.mismatch')}</p>
          {record.labels.outcomeUnknown?.length ? <p className="notice notice-bad">{t('labels.outcomeUnknown', { labels: record.labels.outcomeUnknown.join(', ') })}</p> : null}
          <Events events={record.labels.events} />
        </div>
      ) : null}
      {record.refusals.length > 0 ? (
        <div className="card">
          <h3>{t('record.refusals')}</h3>
          <Events events={record.refusals} />
        </div>
      ) : null}
    </section>
  );
}

function Material({ line }: { line: NonNullable<BatchRecord['steps'][number]['material']> }) {
  const { t, i18n } = useTranslation();
  const fmt = (m: Mass) => formatMass(m, i18n.language, t);
  // The line's window at the precision its readings were taken at (issue 18): a compensated or
  // potency-derived limit is never shown to more decimals than the balance that weighed it.
  const read = line.portions.map((p) => precisionOf(p.reading.mass));
  const window = line.window && read.length > 0 ? specWindowAt(line.window, read.reduce(finerReadability)) : line.window;
  return (
    <table>
      <caption>
        <Data>{line.materialName}</Data> ({line.lineId}) · {window ? t('record.window', { target: fmt(window.target), lower: fmt(window.lower), upper: fmt(window.upper) }) : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('record.container')}</th>
          <th scope="col">{t('record.lot')}</th>
          <th scope="col">{t('record.balance')}</th>
          <th scope="col">{t('record.tare')}</th>
          <th scope="col">{t('record.net')}</th>
          <th scope="col">{t('record.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {line.portions.map((p) => (
          <tr key={p.seq} data-outcome={p.outcome}>
            <td>{p.containerId}</td>
            <td>{p.lot ? `${p.lot.lotNumber} (${RECORD_LINE_TEXT[recordLocale(i18n.language)].codes.qcStatus[p.lot.qcStatus] ?? p.lot.qcStatus})` : ''}</td>
            <td>{p.balance ? `${p.balance.balanceId} ${p.balance.serialNumber}` : ''}</td>
            <td>{p.tare ? fmt(p.tare.mass) : ''}</td>
            <td>{fmt(p.net)}</td>
            <td>{t(`record.outcomes.${p.outcome}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Events({ events, step, onCorrect }: { events: RecordEvent[]; step?: StepRecord; onCorrect?: (form: CorrectableForm) => void }) {
  const { t, i18n } = useTranslation();
  const tz = useApp((s) => s.info?.timeZone ?? 'UTC');
  return (
    <ul>
      {events.map((e) => (
        <li key={e.seq} data-type={e.type}>
          <span className="mono">#{e.seq}</span> {formatDateTime(e.time, i18n.language, tz)} · <Data>{e.by?.printedName ?? e.by?.userId ?? ''}</Data> · <RecordLineText testId="record-line" line={describeEntry(e.type, e.data, e.correctionNotApplied)} formatTime={(iso) => formatDateTime(iso, i18n.language, tz)} />
          {e.corrections.map((c) => (
            <p key={c.seq} className="amended" data-testid="record-amended">
              {t('record.amended', { fields: c.changes.map((x) => `${x.path}: ${valueText(x.oldValue)} → ${valueText(x.newValue)}`).join(', '), seq: c.seq, reason: c.reason })}
            </p>
          ))}
          {e.signatures.map((s) => (
            <Manifest key={s.seq} s={s} />
          ))}
          {onCorrect && step ? <CorrectButton form={correctableForm(step, e)} onCorrect={onCorrect} /> : null}
        </li>
      ))}
    </ul>
  );
}

function CorrectButton({ form, onCorrect }: { form: CorrectableForm | null; onCorrect: (form: CorrectableForm) => void }) {
  const { t } = useTranslation();
  if (!form) return null;
  return (
    <Button onClick={() => onCorrect(form)} data-testid={`correct-form-${form.recordSeq}`}>
      {t('record.correct')}
    </Button>
  );
}

/** A signature as shown on every human-readable form (21 CFR 11.50(a)). */
function Manifest({ s }: { s: SignatureManifest }) {
  const { t, i18n } = useTranslation();
  const tz = useApp((st) => st.info?.timeZone ?? 'UTC');
  return (
    <p className="manifest" data-testid="signature-manifest" data-meaning={s.meaning}>
      <TData k="record.signature" values={{ name: s.printedName, username: s.username, meaning: t(`meanings.${s.meaning}`, { defaultValue: s.meaning }), time: formatDateTime(s.signedAt, i18n.language, tz) }} data={['name', 'username']} />
      {s.invalidatedBy ? (
        <>
          <br />
          <strong className="badge badge-bad" data-testid="signature-invalidated">
            {t('record.invalidated', { time: formatDateTime(s.invalidatedBy.time, i18n.language, tz), seq: s.invalidatedBy.seq })}
          </strong>
        </>
      ) : null}
    </p>
  );
}
