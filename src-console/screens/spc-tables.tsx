/** The numbers of an SPC view as tables: limits, the points each run rule flags (in words), capability. */
import { useTranslation } from 'react-i18next';
import type { SpcChartView } from '../../src-shared/quality/spc-chart-contract.ts';
import { pointNumbers } from './spc-points.ts';

const num = (x: number, locale: string) => new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 }).format(x);

export function SpcTables({ view }: { view: SpcChartView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fired = view.violations.filter((v) => v.indices.length > 0);
  const spreadBeyond = view.points.filter((p) => p.spreadBeyond).map((p) => p.index);
  const cap = view.capability;
  return (
    <>
      <h2>{t('spc.limitsTitle')}</h2>
      <table data-testid="spc-limits">
        <thead>
          <tr>
            <th>{t('spc.line')}</th>
            <th>{t('spc.center')}</th>
            <th>{t('spc.ucl')}</th>
            <th>{t('spc.lcl')}</th>
          </tr>
        </thead>
        <tbody>
          {(['location', 'spread'] as const).map((which) => (
            <tr key={which} data-testid={`spc-limits-${which}`}>
              <th scope="row">{t(which === 'location' ? `spc.locationChart.${view.chart}` : `spc.spreadChart.${view.chart}`)}</th>
              <td>{num(view[which].center, lang)}</td>
              <td>{num(view[which].ucl, lang)}</td>
              <td>{num(view[which].lcl, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('spc.violationsTitle')}</h2>
      {fired.length === 0 ? <p data-testid="spc-no-violations">{t('spc.noViolations')}</p> : null}
      {fired.length > 0 ? (
        <table data-testid="spc-violations">
          <thead>
            <tr>
              <th>{t('spc.rule')}</th>
              <th>{t('spc.ruleName')}</th>
              <th>{t('spc.points')}</th>
            </tr>
          </thead>
          <tbody>
            {fired.map((v) => (
              <tr key={v.rule} data-testid={`spc-violation-${v.rule}`} data-points={pointNumbers(v.indices)}>
                <td>{v.rule}</td>
                <td>{t(`spc.ruleWords.${v.rule}`)}</td>
                <td>{v.indices.map((i) => i + 1).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {spreadBeyond.length > 0 ? <p data-testid="spc-spread-beyond">{t('spc.spreadBeyond', { points: spreadBeyond.map((i) => i + 1).join(', ') })}</p> : null}
      {cap ? (
        <>
          <h2>{t('spc.capabilityTitle', { confidence: Math.round(cap.confidence * 100) })}</h2>
          <table data-testid="spc-capability">
            <thead>
              <tr>
                <th>{t('spc.statistic')}</th>
                <th>{t('spc.estimate')}</th>
                <th>{t('spc.lower')}</th>
                <th>{t('spc.upper')}</th>
              </tr>
            </thead>
            <tbody>
              {(['cp', 'cpk', 'pp', 'ppk'] as const).map((k) => (
                <tr key={k} data-testid={`spc-cap-${k}`} data-estimate={cap[k].estimate} data-lower={cap[k].lower} data-upper={cap[k].upper}>
                  <th scope="row">{k === 'cp' ? 'Cp' : k === 'cpk' ? 'Cpk' : k === 'pp' ? 'Pp' : 'Ppk'}</th>
                  <td>{num(cap[k].estimate, lang)}</td>
                  <td>{num(cap[k].lower, lang)}</td>
                  <td>{num(cap[k].upper, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="hint">{t('spc.capabilityHint')}</p>
      )}
    </>
  );
}
