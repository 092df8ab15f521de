/**
 * Incoming inspection (issue 12 item 1): the sampling tasks with their receipt, sample plan,
 * samples, each test's result against the specification and the disposition it implies; QC signs
 * that disposition here (the hub checks the same rules again: role, four eyes, OOS record), and
 * signs a lot's retest (lot-retest.tsx).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SamplingTaskViewSchema, type SamplingTaskView } from '../../src-shared/quality/iqc-contract.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';
import { SignDialog } from '../components/sign-dialog.tsx';
import { hasRole } from '../state/session-store.ts';
import { LotRetestCard } from './lot-retest.tsx';

export function IqcScreen() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const list = useLoad(() => api.get('/api/v1/quality/iqc/tasks', z.array(SamplingTaskViewSchema)), 'tasks');
  const [open, setOpen] = useState<string | null>(null);
  const task = list.data?.find((x) => x.id === open) ?? null;
  return (
    <>
      <h1>{t('iqc.title')}</h1>
      <ListTable
        list={list}
        empty={t('iqc.empty')}
        className="table"
        testId="iqc-table"
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `iqc-row-${x.id}` })}
        onOpen={(x) => setOpen(x.id)}
        openTestId={(x) => `iqc-open-${x.id}`}
        columns={[
          { header: t('iqc.task'), opens: true, cell: (x) => x.id },
          { header: t('iqc.lot'), cell: (x) => x.lotNumber },
          { header: t('iqc.material'), cell: (x) => x.material },
          { header: t('iqc.supplier'), cell: (x) => `${x.supplier} (${t(`iqcSupplier.${x.supplierStatus}`)})` },
          { header: t('iqc.plan'), cell: (x) => t('iqc.planText', { containers: x.plan.containers, of: x.plan.of, rule: t(`iqcRule.${x.plan.rule}`) }) },
          { header: t('iqc.state'), cell: (x) => t(`iqcState.${x.state}`) },
          { header: t('iqc.disposition'), cell: (x) => (x.disposition ? t(`iqcDecision.${x.disposition.decision}`) : x.evaluation?.disposition ? t('iqc.implies', { decision: t(`iqcDecision.${x.evaluation.disposition}`) }) : '—') },
        ]}
      />
      {task ? <TaskCard task={task} onSigned={list.reload} /> : null}
      {hasRole(me, 'qa') ? <LotRetestCard /> : null}
    </>
  );
}

function TaskCard({ task, onSigned }: { task: SamplingTaskView; onSigned: () => void }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const [signing, setSigning] = useState(false);
  const implied = task.evaluation?.disposition ?? null;
  const canSign = hasRole(me, 'qa') && task.state === 'sampled' && implied !== null;
  return (
    <section className="card" data-testid="iqc-task" aria-label={task.id}>
      <h2>
        {task.id} · {task.lotNumber}
      </h2>
      <p>{t('iqc.spec', { material: task.material, version: task.specVersion })}</p>
      <h3>{t('iqc.samples')}</h3>
      <ul>
        {task.containers.map((c) => (
          <li key={c.containerId}>
            {c.containerId}: {c.sampledAt ? `${c.quantity?.amount ?? ''} ${c.quantity?.unit ?? ''} · ${c.sampledBy ?? ''} · ${formatTime(c.sampledAt, i18n.language)}` : t('iqc.notSampled')}
          </li>
        ))}
      </ul>
      <h3>{t('iqc.results')}</h3>
      <table className="table" data-testid="iqc-tests">
        <tbody>
          {(task.evaluation?.tests ?? []).map((x) => (
            <tr key={x.code}>
              <td>{x.code}</td>
              <td>{x.name}</td>
              <td>{x.value === null ? '—' : String(x.value)}</td>
              <td>
                <span className={`badge ${x.verdict === 'pass' ? 'badge-ok' : x.verdict === 'fail' ? 'badge-bad' : 'badge-muted'}`}>{t(`iqcVerdict.${x.verdict}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {task.disposition ? (
        <p data-testid="iqc-signed">
          {t('iqc.signed', { decision: t(`iqcDecision.${task.disposition.decision}`), name: task.disposition.printedName, at: formatTime(task.disposition.signedAt, i18n.language) })}
          {task.disposition.oosRecord ? ` · ${t('iqc.oos', { id: task.disposition.oosRecord })}` : null}
        </p>
      ) : null}
      {canSign ? (
        <Button variant="primary" onClick={() => setSigning(true)} data-testid="iqc-sign">
          {t('iqc.sign', { decision: t(`iqcDecision.${implied}`) })}
        </Button>
      ) : null}
      {signing && implied ? (
        <SignDialog
          me={me}
          request={{
            title: t('iqc.sign', { decision: t(`iqcDecision.${implied}`) }),
            statement: t('iqc.statement', { lot: task.lotNumber, decision: t(`iqcDecision.${implied}`), version: task.specVersion }),
            meaning: t(`meaning.${implied}`),
            textLabel: t('iqc.comment'),
            textRequired: false,
            submit: async (password, comment) => {
              const r = await api.post(`/api/v1/quality/iqc/tasks/${task.id}/disposition`, { disposition: implied, password, ...(comment ? { comment } : {}) }, SamplingTaskViewSchema);
              return r.ok ? null : r.error;
            },
          }}
          onClose={() => setSigning(false)}
          onSigned={() => {
            setSigning(false);
            onSigned();
          }}
        />
      ) : null}
    </section>
  );
}
