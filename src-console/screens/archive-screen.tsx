/**
 * Records available for inspection (DI-09): search the hub by batch, lot, material, user and
 * date range; every hit in words (never raw JSON), time at the station's offset; the batches
 * found with their archived evidence packets, each downloadable (the export is registered).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveSearchResultSchema, ArchivedPacketSchema } from '../../src-shared/archive/archive-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { z } from 'zod';

const FIELDS = ['batch', 'lot', 'material', 'user', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

export function ArchiveScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const [form, setForm] = useState<Record<Field, string>>({ batch: '', lot: '', material: '', user: '', from: '', to: '' });
  const [query, setQuery] = useState('');
  const [fileError, setFileError] = useState<BatchlineError | null>(null);
  const result = useLoad(() => (query ? api.get(`/api/v1/archive/search?${query}`, ArchiveSearchResultSchema) : Promise.resolve({ ok: true as const, value: null })), query);
  const packets = useLoad(() => api.get('/api/v1/archive/packets', z.array(ArchivedPacketSchema)), query);
  const save = async (path: string) => {
    const r = await api.download(path);
    if (!r.ok) return setFileError(r.error);
    const url = URL.createObjectURL(r.value.blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  const found = result.data ?? null;
  return (
    <>
      <h1>{t('archive.title')}</h1>
      <p className="hint">{t('archive.hint')}</p>
      <form
        className="row"
        data-testid="archive-search"
        onSubmit={(e) => {
          e.preventDefault();
          const p = new URLSearchParams();
          for (const f of FIELDS) {
            const v = form[f].trim();
            if (!v) continue;
            p.set(f, f === 'from' || f === 'to' ? new Date(v).toISOString() : v);
          }
          setQuery(p.toString());
        }}
      >
        {FIELDS.map((f) => (
          <TextField
            key={f}
            label={t(`archive.${f}`)}
            value={form[f]}
            type={f === 'from' || f === 'to' ? 'datetime-local' : 'text'}
            data-testid={`archive-${f}`}
            onChange={(e) => setForm({ ...form, [f]: e.target.value })}
          />
        ))}
        <button type="submit" className="btn" data-testid="archive-submit">
          {t('archive.search')}
        </button>
      </form>
      <ErrorNotice error={result.error ?? fileError} />
      {found ? (
        <>
          <p data-testid="archive-count">{t('archive.found', { count: found.hits.length, batches: found.batches.length, ms: found.tookMs })}{found.truncated ? ` ${t('archive.truncated')}` : ''}</p>
          {found.batches.length > 0 ? (
            <table data-testid="archive-batches">
              <thead>
                <tr>
                  <th>{t('batches.batch')}</th>
                  <th>{t('batches.status')}</th>
                  <th>{t('archive.entries')}</th>
                  <th>{t('archive.packets')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {found.batches.map((b) => (
                  <tr key={b.batchNumber}>
                    <td>{b.batchNumber}</td>
                    <td>{t(`status.${b.status}`, { defaultValue: b.status })}</td>
                    <td>{b.entries}</td>
                    <td>{b.packets}</td>
                    <td>
                      <Button onClick={() => void save(`/api/v1/archive/batches/${encodeURIComponent(b.batchNumber)}/packet?lang=${i18n.language === 'zh-CN' ? 'zh-CN' : 'en'}`)} data-testid={`archive-packet-${b.batchNumber}`}>
                        {t('archive.writePacket')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <table data-testid="archive-hits">
            <thead>
              <tr>
                <th>{t('archive.when')}</th>
                <th>{t('archive.where')}</th>
                <th>{t('batches.batch')}</th>
                <th>{t('archive.who')}</th>
                <th>{t('archive.what')}</th>
                <th>{t('archive.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {found.hits.map((h) => (
                <tr key={`${h.stationId}#${h.seq}`}>
                  <td>{formatAtOffset(h.time, h.tzOffset, i18n.language)}</td>
                  <td>
                    {h.stationId} #{h.seq}
                  </td>
                  <td>{h.batchRef ?? '—'}</td>
                  <td>{h.username ?? h.actor ?? '—'}</td>
                  <td data-testid="archive-line">{renderRecordLine(h.line, i18n.language, (iso) => formatAtOffset(iso, h.tzOffset, i18n.language))}</td>
                  <td className="mono" title={h.hash}>
                    {h.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>{t('archive.register')}</h2>
      <table data-testid="archive-register">
        <thead>
          <tr>
            <th>{t('batches.batch')}</th>
            <th>{t('archive.writtenAt')}</th>
            <th>{t('archive.writtenBy')}</th>
            <th>{t('archive.entries')}</th>
            <th>{t('archive.sha256')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(packets.data ?? []).map((p) => (
            <tr key={p.id}>
              <td>{p.batchNumber}</td>
              <td>{formatTime(p.writtenAt, i18n.language)}</td>
              <td>{p.writtenBy}</td>
              <td>{p.entries}</td>
              <td className="mono" title={p.packetSha256}>
                {p.packetSha256.slice(0, 16)}…
              </td>
              <td>
                <Button onClick={() => void save(`/api/v1/archive/packets/${p.id}`)}>{t('archive.download')}</Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
