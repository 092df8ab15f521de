/** One audit entry as a reviewer reads it; bulky technical fields (PEMs, signatures) are left out. */
import { useTranslation } from 'react-i18next';
import type { AuditRecordView } from '../../src-shared/api/audit.contract.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { valueText } from '../../src-shared/record/value-text.ts';

const HIDDEN = new Set(['certPem', 'caCertPem', 'signature', 'targetHash', 'certFingerprint', 'fingerprint', 'serialNumber']);

export function eventKey(type: string): string {
  return `events.${type.replace(/\./g, '_')}`;
}

export function AuditRow({ record: r, time }: { record: AuditRecordView; time: string }) {
  const { t, i18n } = useTranslation();
  const p = r.payload;
  const line = describeEntry(r.type, p);
  const meaning = typeof p.meaning === 'string' ? t(`meanings.${p.meaning}`, { defaultValue: p.meaning }) : '';
  const what = t(eventKey(r.type), { defaultValue: r.type, key: p.key, username: p.username, meaning, code: p.code });
  // A record entry reads as its record line in the reader's language; other entries list their fields.
  const detail = line.key !== 'entry' ? renderRecordLine(line, i18n.language) : Object.entries(p)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}: ${valueText(v)}`)
    .join(' · ');
  return (
    <tr data-type={r.type}>
      <td>{r.seq}</td>
      <td>{time}</td>
      <td>{r.actor ? `${r.actor.printedName ?? r.actor.userId} (${r.actor.username ?? ''})` : t('audit.system')}</td>
      <td>{what}</td>
      <td>{r.batchRef ?? ''}</td>
      <td className="mono">
        {r.correction
          ? r.correction.changes.map((c) => t('audit.oldNew', { path: c.path, old: valueText(c.oldValue), new: valueText(c.newValue) })).join('; ') + ` — ${r.correction.reason}`
          : detail}
      </td>
    </tr>
  );
}
