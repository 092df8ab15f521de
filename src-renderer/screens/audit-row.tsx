/** One audit entry as a reviewer reads it; bulky technical fields (PEMs, signatures) are left out. */
import { useTranslation } from 'react-i18next';
import type { AuditRecordView } from '../../src-shared/api/audit.contract.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import { Data, RecordLineText, TData } from '../components/plant-data.tsx';

const HIDDEN = new Set(['certPem', 'caCertPem', 'signature', 'targetHash', 'certFingerprint', 'fingerprint', 'serialNumber']);

export function eventKey(type: string): string {
  return `events.${type.replace(/\./g, '_')}`;
}

export function AuditRow({ record: r, time }: { record: AuditRecordView; time: string }) {
  const { t } = useTranslation();
  const p = r.payload;
  const line = describeEntry(r.type, p);
  const meaning = typeof p.meaning === 'string' ? t(`meanings.${p.meaning}`, { defaultValue: p.meaning }) : '';
  // A record entry reads as its record line in the reader's language; other entries list their fields.
  // Other entries show their fields as recorded: the entry's own data, marked as such.
  const detail =
    line.key !== 'entry' ? (
      <RecordLineText line={line} />
    ) : (
      <Data>
        {Object.entries(p)
          .filter(([k]) => !HIDDEN.has(k))
          .map(([k, v]) => `${k}: ${valueText(v)}`)
          .join(' · ')}
      </Data>
    );
  return (
    <tr data-type={r.type}>
      <td>{r.seq}</td>
      <td>{time}</td>
      <td>{r.actor ? <Data>{`${r.actor.printedName ?? r.actor.userId} (${r.actor.username ?? ''})`}</Data> : t('audit.system')}</td>
      <td>
        <TData k={eventKey(r.type)} values={{ defaultValue: r.type, key: String(p.key ?? ''), username: String(p.username ?? ''), meaning, code: String(p.code ?? '') }} data={['key', 'username']} />
      </td>
      <td>{r.batchRef ?? ''}</td>
      <td className="mono">
        {r.correction
          ? r.correction.changes.map((c) => <TData key={c.path} k="audit.oldNew" values={{ path: c.path, old: valueText(c.oldValue), new: valueText(c.newValue) }} data={['path', 'old', 'new']} />).concat([<Data key="reason">{` — ${r.correction.reason}`}</Data>])
          : detail}
      </td>
    </tr>
  );
}
