/** The hub signatures (verified now) and the batch record entry by entry. */
import { useTranslation } from 'react-i18next';
import type { HubSignatureView, RecordEntryView } from '../../src-shared/quality/review-contract.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import { Data, RecordLineText } from '../components/plant-data.tsx';

export function HubSignatures({ signatures }: { signatures: HubSignatureView[] }) {
  const { t, i18n } = useTranslation();
  if (signatures.length === 0) return <p>{t('batch.noSignatures')}</p>;
  return (
    <ul data-testid="hub-signatures">
      {signatures.map((s) => (
        <li key={s.id} data-testid={`hub-signature-${s.meaning}`}>
          <strong>{t(`meaning.${s.meaning}`)}</strong> · <Data>{`${s.printedName} (${s.username})`}</Data> · {formatAtOffset(s.signedAt, s.tzOffset, i18n.language)}{' '}
          {s.valid ? <span className="badge badge-ok">✓ {t('batch.valid')}</span> : <span className="badge badge-bad">✗ {t('batch.invalid')}</span>}{' '}
          {s.valid && !s.current ? <span className="badge badge-warn">! {t('batch.outdatedSig')}</span> : null}
          {s.subjectKind === 'deviation' ? <span className="hint"> · {s.subjectKey}</span> : null}
          {s.comment ? (
            <div className="hint" translate="no">
              {s.comment}
            </div>
          ) : null}
          {s.problem ? <div className="hint">{s.problem}</div> : null}
        </li>
      ))}
    </ul>
  );
}

export function RecordTable({ record }: { record: RecordEntryView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table data-testid="record">
      <thead>
        <tr>
          <th>{t('batch.seq')}</th>
          <th>{t('batch.type')}</th>
          <th>{t('batch.time')}</th>
          <th>{t('batch.receivedAt')}</th>
          <th>{t('batch.details')}</th>
          <th>{t('batch.signedBy')}</th>
        </tr>
      </thead>
      <tbody>
        {record.map((e) => (
          <tr key={`${e.stationId}#${e.seq}`}>
            <td>
              {e.seq}
              <div className="hint">{e.stationId}</div>
            </td>
            <td className="mono">{e.type}</td>
            <td>{formatAtOffset(e.time, e.tzOffset, i18n.language)}</td>
            {/* Station time beside receive time (A11-22, DI-03), both in the station's offset. */}
            <td data-testid="record-received">{formatAtOffset(e.receivedAt, e.tzOffset, i18n.language)}</td>
            <td data-testid="record-line">
              <RecordLineText line={e.line} formatTime={(iso) => formatAtOffset(iso, e.tzOffset, i18n.language)} />
            </td>
            <td>
              {e.signatures.map((s) => (
                <div key={`${s.meaning}-${s.signedAt}`}>
                  {t(`meaning.${s.meaning}`)}: <Data>{s.printedName}</Data>
                  {s.invalidatedBy ? (
                    <div className="badge badge-bad" data-testid="signature-invalidated">
                      {t('batch.signatureInvalidated', { time: formatAtOffset(s.invalidatedBy.time, s.invalidatedBy.tzOffset, i18n.language), seq: s.invalidatedBy.seq })}
                    </div>
                  ) : null}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
