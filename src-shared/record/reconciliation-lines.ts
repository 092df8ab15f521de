/**
 * Batch-record lines of returns and reconciliation (issue 17 items 5 and 6), and their words in
 * each language (merged into record-line-text.ts). Masses as recorded; the finding and the
 * supervisor's decision through their code lists.
 */
import { formatMass, type Mass } from '../mass.ts';
import { sentNoStatus, type RecordLine } from './record-line.ts';

type P = Record<string, any>; // payloads were validated by their schemas on append
const m = (x: Mass | null | undefined): string => (x ? formatMass(x) : '—');
const line = (key: string, values: RecordLine['values'] = {}, codes: RecordLine['codes'] = {}): RecordLine => ({ key, values, codes, times: [] });

export function reconciliationLine(type: string, p: P): RecordLine | null {
  switch (type) {
    case 'return.weighed': {
      const extra: Omit<RecordLine, 'extra'>[] = [];
      if (p.declaredEmpty) extra.push({ key: 'returnDeclaredEmpty', values: { residue: m(p.residue) }, codes: {}, times: [] });
      if (p.beyondLimit) extra.push({ key: 'returnBeyondLimit', values: { limit: m(p.limit) }, codes: {}, times: [] });
      if (p.manualEntry) extra.push({ key: 'typedByHand', values: { reason: p.manualEntry.reason }, codes: {}, times: [] });
      // FR-144: a balance that cannot be asked its tare: that it held none is not implied.
      if (p.tareCheck && Array.isArray(p.tareCheck.by) && p.tareCheck.by.length === 0) extra.push({ key: 'returnTareNotChecked', values: {}, codes: {}, times: [] });
      const how = p.reading ? { balance: p.balanceId, reading: m(p.reading.mass) } : { balance: '—', reading: '—' };
      return {
        ...line(
          'returnWeighed',
          { container: p.containerId, ...how, tare: m(p.containerTare), remaining: m(p.remaining), issued: m(p.issued), dispensed: m(p.dispensed), theoretical: m(p.theoretical), difference: m(p.difference), finding: p.finding },
          { finding: 'returnFinding' },
        ),
        extra,
      };
    }
    case 'return.discrepancy_resolved':
      return line('returnResolved', { container: p.containerId, decision: p.decision, difference: m(p.difference), stock: m(p.stockAfter), reason: p.reason }, { decision: 'decision' });
    case 'return.labelled':
      return sentNoStatus(p, line(p.printerId ? 'returnLabelled' : 'returnLabelPreviewed', { container: p.containerId, net: String(p.label?.net ?? '—'), printer: p.printerId ?? '—', voided: p.voids?.kind === 'return' ? `#${p.voids.seq}` : '—' }));
    case 'spillage.recorded': {
      // FR-144: the tare the spillage was weighed net of (set on the balance's keys), or that it is unknown.
      const asked = p.tareCheck && Array.isArray(p.tareCheck.by) ? p.tareCheck.by.includes('tare-query') : null;
      const extra: Omit<RecordLine, 'extra'>[] = asked === null ? [] : [asked ? { key: 'spillageTare', values: { tare: m(p.tareCheck.balanceTare?.mass) }, codes: {}, times: [] } : { key: 'spillageTareUnknown', values: {}, codes: {}, times: [] }];
      return { ...line('spillageRecorded', { amount: m(p.amount), container: p.containerId, balance: p.balanceId, reason: p.reason }), extra };
    }
    case 'reconciliation.recorded': {
      const extra: Omit<RecordLine, 'extra'>[] = (p.materials as P[]).map((x) => ({
        key: x.closes ? 'materialBalance' : 'materialBalanceOpen',
        values: { material: x.materialCode, issued: m(x.issued), dispensed: m(x.dispensed), returned: m(x.returned), wasted: m(x.wasted), difference: m(x.difference), tolerance: m(x.tolerance) },
        codes: {},
        times: [],
      }));
      const y = p.yield as P | null;
      if (y) extra.push({ key: y.within === false ? 'yieldOutOfLimits' : y.within ? 'yieldWithin' : 'yieldRecorded', values: { percent: y.percent, actual: m(y.actual), theoretical: m(y.theoretical), lower: y.limits?.lowerPercent ?? '—', upper: y.limits?.upperPercent ?? '—' }, codes: {}, times: [] });
      return { ...line(p.closes ? 'reconciled' : 'reconciledOpen', { materials: (p.materials as P[]).length, deviations: (p.deviationIds as string[]).join(', ') || '—' }), extra };
    }
    default:
      return null;
  }
}

export const RECONCILIATION_WORDS: Record<'en' | 'zh-CN', { lines: Record<string, string>; returnFinding: Record<string, string>; decision: Record<string, string> }> = {
  en: {
    lines: {
      returnWeighed: 'Container {container} weighed back on {balance}: {reading} − empty {tare} = {remaining} remaining; issued {issued}, dispensed {dispensed}, theoretical {theoretical}, difference {difference} ({finding})',
      returnDeclaredEmpty: 'DECLARED EMPTY; residue {residue} wasted',
      returnBeyondLimit: 'BEYOND THE LIMIT {limit}: a supervisor decides',
      returnResolved: 'Return of {container}: difference {difference} {decision}; stock set to {stock} once approved: {reason}',
      returnLabelled: 'RETURN label of {container} printed on {printer}: net {net}; old label void ({voided})',
      returnLabelPreviewed: 'RETURN label of {container} previewed in training, not printed: net {net}; old label void ({voided})',
      spillageRecorded: 'Spillage of {amount} from {container} weighed on {balance}: {reason}',
      spillageTare: 'net of a tare of {tare} the balance held (set on its keys, not by the station)',
      spillageTareUnknown: 'the balance cannot be asked for its tare: the tare it was weighed net of is not known',
      returnTareNotChecked: 'the balance cannot be asked for its tare: that it held none was not checked',
      reconciled: 'Order reconciled: {materials} material(s), the balance closes; deviations {deviations}',
      reconciledOpen: 'Order reconciled: {materials} material(s), THE BALANCE DOES NOT CLOSE; deviations {deviations}',
      materialBalance: '{material}: issued {issued} = dispensed {dispensed} + returned {returned} + wasted {wasted} (difference {difference}, within ±{tolerance})',
      materialBalanceOpen: '{material}: issued {issued}, dispensed {dispensed}, returned {returned}, wasted {wasted}: DIFFERENCE {difference} BEYOND ±{tolerance}',
      yieldWithin: 'yield {percent} % ({actual} of {theoretical}), within {lower} % – {upper} %',
      yieldOutOfLimits: 'YIELD {percent} % ({actual} of {theoretical}) OUTSIDE {lower} % – {upper} %',
      yieldRecorded: 'yield {percent} % ({actual} of {theoretical}); the recipe states no limits',
    },
    returnFinding: { exact: 'as expected', 'short-declared-empty': 'found short, declared empty', 'short-not-empty': 'found short, not empty', over: 'found over' },
    decision: { 'stock-adjusted': 'stock adjusted', 'deviation-opened': 'deviation opened' },
  },
  'zh-CN': {
    lines: {
      returnWeighed: '容器 {container} 在 {balance} 上回称：{reading} − 空重 {tare} = 剩余 {remaining}；发放 {issued}，已称 {dispensed}，理论 {theoretical}，差异 {difference}（{finding}）',
      returnDeclaredEmpty: '已声明为空；残留 {residue} 计为损耗',
      returnBeyondLimit: '超出限度 {limit}：由主管决定',
      returnResolved: '容器 {container} 退库：差异 {difference}，{decision}；批准后库存设为 {stock}：{reason}',
      returnLabelled: '容器 {container} 的退库标签已在 {printer} 打印：净重 {net}；旧标签作废（{voided}）',
      returnLabelPreviewed: '容器 {container} 的退库标签为培训预览，未打印：净重 {net}；旧标签作废（{voided}）',
      spillageRecorded: '容器 {container} 洒落 {amount}，在 {balance} 上称量：{reason}',
      spillageTare: '已扣除天平所持皮重 {tare}（由天平按键设定，非工作站操作）',
      spillageTareUnknown: '无法询问该天平的皮重：所扣除的皮重未知',
      returnTareNotChecked: '无法询问该天平的皮重：未核对其是否无皮重',
      reconciled: '订单已平衡：{materials} 种物料，物料平衡闭合；偏差 {deviations}',
      reconciledOpen: '订单已平衡：{materials} 种物料，物料平衡未闭合；偏差 {deviations}',
      materialBalance: '{material}：发放 {issued} = 已称 {dispensed} + 退库 {returned} + 损耗 {wasted}（差异 {difference}，在 ±{tolerance} 内）',
      materialBalanceOpen: '{material}：发放 {issued}，已称 {dispensed}，退库 {returned}，损耗 {wasted}：差异 {difference} 超出 ±{tolerance}',
      yieldWithin: '收率 {percent} %（{actual} / {theoretical}），在 {lower} % – {upper} % 内',
      yieldOutOfLimits: '收率 {percent} %（{actual} / {theoretical}）超出 {lower} % – {upper} %',
      yieldRecorded: '收率 {percent} %（{actual} / {theoretical}）；配方未规定限度',
    },
    returnFinding: { exact: '与理论一致', 'short-declared-empty': '短少，已声明为空', 'short-not-empty': '短少，未空', over: '多出' },
    decision: { 'stock-adjusted': '已调整库存', 'deviation-opened': '已开启偏差' },
  },
};
