/**
 * The QP's one-stop review, two more sections of the batch page (issue 12 item 7): the
 * finished-product (OQC) results of the output lots against the specification, and the
 * environmental excursions in the batch's room while it ran. Each says plainly when there is nothing.
 */
import { useTranslation } from 'react-i18next';
import type { OqcStatus, SpecTest, TestVerdict } from '../../src-shared/quality/iqc-contract.ts';
import type { ExcursionView } from '../../src-shared/environment/environment-contract.ts';
import { ExcursionsTable } from '../components/excursions-table.tsx';

const VERDICT_BADGE: Record<TestVerdict, string> = { pass: 'badge-ok', fail: 'badge-bad', missing: 'badge-warn' };

/** A test's specification as written: numeric limits with the unit, or the accepted texts. */
export function specificationText(test: SpecTest | undefined): string {
  if (!test) return '—';
  if (test.kind === 'text') return test.accepted.join(' / ');
  if (test.lower !== null && test.upper !== null) return `${test.lower} … ${test.upper} ${test.unit}`;
  return test.lower !== null ? `≥ ${test.lower} ${test.unit}` : `≤ ${String(test.upper)} ${test.unit}`;
}

export function OqcSection({ oqc }: { oqc: OqcStatus }) {
  const { t } = useTranslation();
  const noLot = oqc.findings.some((f) => f.problem === 'no-output-lot');
  const rows = oqc.lots.flatMap((l) => l.tests.map((x) => ({ lot: l.lotId, test: x, result: oqc.results?.find((r) => r.resultId === x.resultId) ?? null })));
  return (
    <section className="card" data-testid="batch-oqc">
      <h2>{t('oqcReview.title')}</h2>
      {oqc.specVersion === null ? <p data-testid="oqc-none">{t('oqcReview.noSpecification')}</p> : <p className="hint">{t('oqcReview.specVersion', { version: oqc.specVersion })}</p>}
      {noLot ? <p className="notice" data-testid="oqc-no-lot">{t('oqcReview.noOutputLot')}</p> : null}
      {rows.length > 0 ? (
        <table className="table" data-testid="oqc-results">
          <thead>
            <tr>
              <th scope="col">{t('oqcReview.lot')}</th>
              <th scope="col">{t('oqcReview.test')}</th>
              <th scope="col">{t('oqcReview.result')}</th>
              <th scope="col">{t('oqcReview.specification')}</th>
              <th scope="col">{t('oqcReview.verdict')}</th>
              <th scope="col">{t('oqcReview.coa')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ lot, test, result }) => (
              <tr key={`${lot}/${test.code}`} data-testid={`oqc-${lot}-${test.code}`}>
                <td translate="no">{lot}</td>
                <td translate="no">{`${test.name} (${test.code})`}</td>
                <td translate="no" data-testid="oqc-value">{result ? `${result.value}${result.unit ? ` ${result.unit}` : ''}` : '—'}</td>
                <td translate="no" data-testid="oqc-spec">{specificationText(oqc.tests?.find((s) => s.code === test.code))}</td>
                <td>
                  <span className={`badge ${VERDICT_BADGE[test.verdict]}`} data-testid="oqc-verdict">
                    {t(`oqcReview.verdicts.${test.verdict}`)}
                  </span>
                </td>
                <td translate="no" data-testid="oqc-coa">{result?.coaReference ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function EnvironmentSection({ environment }: { environment: ExcursionView[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="batch-environment">
      <h2>{t('envReview.title')}</h2>
      {environment.length === 0 ? (
        <p className="notice notice-ok" data-testid="env-none">
          ✓ {t('envReview.none')}
        </p>
      ) : (
        <ExcursionsTable excursions={environment} ids={{ table: 'env-excursions', row: () => 'env-excursion', cell: 'env' }} />
      )}
    </section>
  );
}
