/**
 * "Every change to batch X" (issue 11 item 2; Annex 11 §9, COMPLIANCE A11-16, DI-09): the
 * batch's station entries and the hub's actions on it, in words in the reader's language, with
 * corrections' old and new values and reasons; exported as PDF or CSV carrying one content hash.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { saveDownload } from '../components/save-download.ts';

const Row = z.object({ ref: z.string(), time: z.string(), utc: z.string(), who: z.string(), what: z.string(), batch: z.string(), change: z.string() });
const Trail = z.object({ contentHash: z.string(), rows: z.array(Row) });

export function BatchAudit({ batch }: { batch: string }) {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const lang = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
  const path = `/api/v1/audit/batch/${encodeURIComponent(batch)}`;
  const trail = useLoad(() => api.get(`${path}?lang=${lang}`, Trail), `${batch}|${lang}`);
  const [exportError, setExportError] = useState<BatchlineError | null>(null);
  const download = async (format: 'pdf' | 'csv') => setExportError(await saveDownload(api, `${path}?format=${format}&lang=${lang}`));
  return (
    <section aria-label={t('audit.batchTrail', { batch })}>
      <h2>{t('audit.batchTrail', { batch })}</h2>
      <div className="row">
        <Button onClick={() => void download('pdf')} data-testid="batch-audit-pdf">
          {t('audit.exportPdf')}
        </Button>
        <Button onClick={() => void download('csv')} data-testid="batch-audit-csv">
          {t('audit.export')}
        </Button>
      </div>
      <ErrorNotice error={trail.error ?? exportError} />
      {trail.data ? (
        <>
          <p className="hint">
            {t('audit.contentHash')}: <span className="mono" data-testid="batch-audit-hash">{trail.data.contentHash}</span> · {t('audit.rows', { count: trail.data.rows.length })}
          </p>
          <table data-testid="batch-audit-table">
            <thead>
              <tr>
                <th>{t('audit.entry')}</th>
                <th>{t('audit.at')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.what')}</th>
                <th>{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {trail.data.rows.map((r) => (
                <tr key={r.ref} className={r.change ? 'amended' : undefined}>
                  <td className="mono">{r.ref}</td>
                  <td>{r.time}</td>
                  <td>{r.who}</td>
                  <td>{r.what}</td>
                  <td>{r.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
