/**
 * The words of printed documents (the batch record PDF and the audit trail PDF/CSV) around the
 * record lines (record-line-text.ts supplies the lines themselves), in each language the plant
 * reads. Both catalogues hold the same keys; record-print-text.test.ts fails on a gap.
 */
import { recordLocale, type RecordLocale } from './record-line-text.ts';

export interface RecordPrintText {
  batchRecord: string;
  auditTrail: string;
  batch: string;
  product: string;
  recipe: string;
  batchSize: string;
  status: string;
  printedBy: string;
  printedAt: string;
  recordHash: string;
  contentHash: string;
  /** The recipe version's content hash (issue 14 item 5). */
  recipeHash: string;
  site: string;
  /** The report template a copy was printed by (issue 14 item 6). */
  template: string;
  templateVersion: string;
  ledgerEntries: string;
  page: string;
  order: string;
  steps: string;
  step: string;
  material: string;
  nominal: string;
  window: string;
  potencyCorrected: string;
  yes: string;
  no: string;
  portions: string;
  portion: string;
  lot: string;
  balance: string;
  calibration: string;
  tare: string;
  reading: string;
  net: string;
  outcome: string;
  counted: string;
  notCounted: string;
  lineTotal: string;
  /** A form step's table (issue 14 item 2). */
  form: { heading: string; field: string; value: string; by: string; calculated: string; empty: string; corrected: string; recalculated: string };
  entry: string;
  time: string;
  by: string;
  what: string;
  signatures: string;
  signed: string;
  expiry: string;
  noSignatures: string;
  amended: string;
  invalidated: string;
  changeHistory: string;
  noChanges: string;
  field: string;
  oldValue: string;
  newValue: string;
  reason: string;
  deviations: string;
  noDeviations: string;
  labelReconciliation: string;
  labelCounts: string;
  labelsBalanced: string;
  labelsMismatch: string;
  labelsOutcomeUnknown: string;
  deviation: string;
  category: string;
  raised: string;
  approval: string;
  pending: string;
  approved: string;
  refusals: string;
  noRefusals: string;
  environment: string;
  noEnvironment: string;
  excursionColumns: { room: string; quantity: string; level: string; started: string; ended: string; peak: string; limit: string; ongoing: string };
  ipqc: string;
  noIpqc: string;
  ipqcColumns: { time: string; check: string; values: string; mean: string; verdict: string; by: string };
  /** "{check} #{occurrence}", and what is added when it was recorded past its grace. */
  ipqcOccurrence: string;
  ipqcOverdue: string;
  ipqcSpec: string;
  ipqcVerdict: { pass: string; above: string; below: string; oot: string };
  ipqcUnsigned: string;
  comments: string;
  masterDataUsed: string;
  completed: string;
  notCompleted: string;
  station: string;
  type: string;
  filter: string;
  entries: string;
  fontMissing: string;
  /** Hub audit actions on a batch, in words (an unknown action is shown as its code). */
  hubActions: Record<string, string>;
  hubSignatures: string;
  notCurrent: string;
  notValid: string;
  stepStatus: Record<string, string>;
  batchStatus: Record<string, string>;
}

const en: RecordPrintText = {
  batchRecord: 'Executed batch record',
  auditTrail: 'Audit trail',
  batch: 'Batch',
  product: 'Product',
  recipe: 'Recipe',
  batchSize: 'Batch size',
  status: 'Status',
  printedBy: 'Printed by',
  printedAt: 'Printed at',
  recordHash: 'Record hash (SHA-256)',
  contentHash: 'Hash of the exported content (SHA-256)',
  recipeHash: 'Recipe content hash (SHA-256)',
  site: 'Site',
  template: 'Template',
  templateVersion: 'template {template} version {version}',
  ledgerEntries: 'Ledger entries',
  page: 'Page {n} of {m}',
  order: 'Order',
  steps: 'Steps',
  step: 'Step',
  material: 'Material',
  nominal: 'Nominal quantity',
  window: 'Target (limits)',
  potencyCorrected: 'Potency-corrected',
  yes: 'yes',
  no: 'no',
  portions: 'Portions',
  portion: 'Portion',
  lot: 'Lot',
  balance: 'Balance (calibration)',
  calibration: 'calibration {certificate} due {due}; checked {checked}',
  tare: 'Tare',
  reading: 'Reading',
  net: 'Net',
  outcome: 'Outcome',
  counted: 'counted',
  notCounted: 'not counted',
  lineTotal: 'Line total {total} (pure substance {pure})',
  form: { heading: 'Form: {title}', field: 'Field', value: 'Value', by: 'Filled by', calculated: 'calculated: {expression}', empty: 'not filled', corrected: 'CORRECTED (audit #{seq}) from {old} to {new} by {by}, {when}; reason: {reason}', recalculated: 'RECALCULATED (audit #{seq}, {field} corrected) from {old} to {new}' },
  entry: 'Audit #',
  time: 'Date and time',
  by: 'By',
  what: 'What was recorded',
  signatures: 'Signatures',
  signed: 'Signed',
  expiry: 'expiry',
  noSignatures: 'No signatures.',
  amended: 'AMENDED {fields} (see audit #{seq})',
  invalidated: 'SIGNATURE INVALIDATED by change at {time} (audit #{seq}): to be reviewed and signed again',
  changeHistory: 'Change history (corrections)',
  noChanges: 'No value was changed after it was recorded.',
  field: 'Field',
  oldValue: 'Old value',
  newValue: 'New value',
  reason: 'Reason',
  deviations: 'Deviations',
  noDeviations: 'No deviations.',
  labelReconciliation: 'Label reconciliation',
  labelCounts: 'Issued {issued}, printed {printed} (reprinted {reprinted}), used {used}, destroyed {destroyed}',
  labelsBalanced: 'Reconciled: printed = used + destroyed.',
  labelsMismatch: 'MISMATCH: printed ≠ used + destroyed; not accounted for: {labels}',
  labelsOutcomeUnknown: 'PRINT REQUESTED, OUTCOME UNKNOWN (perhaps printed, no record of it): {labels}',
  deviation: 'Deviation',
  category: 'Category',
  raised: 'Raised',
  approval: 'Approval',
  pending: 'pending',
  approved: 'approved',
  refusals: 'Exceptions: refused attempts',
  noRefusals: 'No refused attempts.',
  environment: 'Environmental excursions in the room',
  noEnvironment: 'No environmental excursion in the room while the batch ran.',
  excursionColumns: { room: 'Room', quantity: 'Quantity', level: 'Level', started: 'Started', ended: 'Ended', peak: 'Peak', limit: 'Limit', ongoing: 'not ended' },
  ipqc: 'In-process controls (IPQC)',
  noIpqc: 'No in-process control result was recorded.',
  ipqcColumns: { time: 'Time', check: 'Check', values: 'Values', mean: 'Mean', verdict: 'Verdict', by: 'Recorded and signed by' },
  ipqcOccurrence: '{check} #{occurrence}',
  ipqcOverdue: 'overdue',
  ipqcSpec: 'specification {lower} … {upper}',
  ipqcVerdict: { pass: 'within specification', above: 'OOS: above specification', below: 'OOS: below specification', oot: 'OOT: {rules}' },
  ipqcUnsigned: 'not signed',
  comments: 'Comments',
  masterDataUsed: 'Master data used (version)',
  completed: 'Completed',
  notCompleted: 'The order is not completed.',
  station: 'Station',
  type: 'Type',
  filter: 'Filter',
  entries: '{count} entries',
  fontMissing: 'No CJK font was found ({lookedFor}): characters it lacks print as "?".',
  hubActions: {
    'review.signed': 'QA review signed',
    'release.signed': 'Batch released by the QP',
    'batch.rejected': 'Batch rejected by the QP',
    'deviation.closed': 'Deviation closed',
    'review.refused': 'QA review refused',
    'release.refused': 'Release refused',
    'batch.refused': 'Rejection refused',
    'deviation.refused': 'Deviation closure refused',
    'record.printed': 'Batch record printed',
    'audit.exported': 'Audit trail exported',
    'genealogy.output_lot_recorded': 'Output lot recorded',
  },
  hubSignatures: 'Review and release at the hub',
  notCurrent: 'signed over an earlier record',
  notValid: 'NOT VALID',
  stepStatus: { pending: 'pending', active: 'in progress', done: 'done' },
  batchStatus: { unknown: 'unknown', planned: 'planned', 'in-progress': 'in progress', complete: 'complete' },
};

const zhCN: RecordPrintText = {
  batchRecord: '批生产记录（执行）',
  auditTrail: '审计追踪',
  batch: '批号',
  product: '产品',
  recipe: '配方',
  batchSize: '批量',
  status: '状态',
  printedBy: '打印人',
  printedAt: '打印时间',
  recordHash: '记录哈希值（SHA-256）',
  contentHash: '导出内容哈希值（SHA-256）',
  recipeHash: '配方内容哈希值（SHA-256）',
  site: '工厂',
  template: '模板',
  templateVersion: '模板 {template} 第 {version} 版',
  ledgerEntries: '账本记录',
  page: '第 {n} 页，共 {m} 页',
  order: '订单',
  steps: '步骤',
  step: '步骤',
  material: '物料',
  nominal: '理论量',
  window: '目标量（限度）',
  potencyCorrected: '按效价折算',
  yes: '是',
  no: '否',
  portions: '称量份',
  portion: '份',
  lot: '批号',
  balance: '天平（校准）',
  calibration: '校准证书 {certificate}，到期 {due}；期间核查 {checked}',
  tare: '皮重',
  reading: '读数',
  net: '净重',
  outcome: '结果',
  counted: '计入',
  notCounted: '不计入',
  lineTotal: '物料行累计 {total}（折纯 {pure}）',
  form: { heading: '表单：{title}', field: '字段', value: '数值', by: '填写人', calculated: '计算值：{expression}', empty: '未填写', corrected: '已更正（审计号 {seq}）：由 {old} 改为 {new}，更正人 {by}，{when}；理由：{reason}', recalculated: '已重新计算（审计号 {seq}，{field} 已更正）：由 {old} 改为 {new}' },
  entry: '审计号',
  time: '日期和时间',
  by: '人员',
  what: '记录内容',
  signatures: '签名',
  signed: '签名',
  expiry: '有效期',
  noSignatures: '无签名。',
  amended: '已修改 {fields}（见审计号 {seq}）',
  invalidated: '签名已失效：{time} 的更改（审计号 {seq}）之后须重新审核并签名',
  changeHistory: '更改历史（更正）',
  noChanges: '记录后没有任何数值被更改。',
  field: '字段',
  oldValue: '原值',
  newValue: '新值',
  reason: '原因',
  deviations: '偏差',
  noDeviations: '无偏差。',
  labelReconciliation: '标签平衡',
  labelCounts: '发放 {issued} 张，打印 {printed} 张（其中补打 {reprinted} 张），使用 {used} 张，销毁 {destroyed} 张',
  labelsBalanced: '已平衡：打印数 = 使用数 + 销毁数。',
  labelsMismatch: '不平衡：打印数 ≠ 使用数 + 销毁数；未说明去向：{labels}',
  labelsOutcomeUnknown: '已请求打印，结果未知（可能已打印，但无记录）：{labels}',
  deviation: '偏差',
  category: '类别',
  raised: '提出',
  approval: '批准',
  pending: '待批准',
  approved: '已批准',
  refusals: '异常：被拒绝的操作',
  noRefusals: '无被拒绝的操作。',
  environment: '房间环境偏移',
  noEnvironment: '批次进行期间房间无环境偏移。',
  excursionColumns: { room: '房间', quantity: '参数', level: '级别', started: '开始', ended: '结束', peak: '峰值', limit: '限度', ongoing: '未结束' },
  ipqc: '中间控制（IPQC）',
  noIpqc: '未记录中间控制结果。',
  ipqcColumns: { time: '时间', check: '检查项', values: '测定值', mean: '平均值', verdict: '判定', by: '记录并签名人' },
  ipqcOccurrence: '{check} 第 {occurrence} 次',
  ipqcOverdue: '逾期',
  ipqcSpec: '标准 {lower} … {upper}',
  ipqcVerdict: { pass: '符合标准', above: '超标（OOS）：高于上限', below: '超标（OOS）：低于下限', oot: '超趋势（OOT）：{rules}' },
  ipqcUnsigned: '未签名',
  comments: '备注',
  masterDataUsed: '使用的主数据（版本）',
  completed: '完成',
  notCompleted: '订单尚未完成。',
  station: '工作站',
  type: '类型',
  filter: '筛选条件',
  entries: '共 {count} 条',
  fontMissing: '未找到中文字体（{lookedFor}）：无法显示的字符印为“?”。',
  hubActions: {
    'review.signed': '已签署质量审核',
    'release.signed': '质量受权人已放行本批',
    'batch.rejected': '质量受权人已拒绝本批',
    'deviation.closed': '偏差已关闭',
    'review.refused': '质量审核被拒绝',
    'release.refused': '放行被拒绝',
    'batch.refused': '拒绝操作被拒绝',
    'deviation.refused': '偏差关闭被拒绝',
    'record.printed': '已打印批记录',
    'audit.exported': '已导出审计追踪',
    'genealogy.output_lot_recorded': '已记录产出批号',
  },
  hubSignatures: '中心的审核与放行',
  notCurrent: '签署于较早的记录',
  notValid: '无效',
  stepStatus: { pending: '待执行', active: '进行中', done: '已完成' },
  batchStatus: { unknown: '未知', planned: '已计划', 'in-progress': '进行中', complete: '已完成' },
};

export const RECORD_PRINT_TEXT: Record<RecordLocale, RecordPrintText> = { en, 'zh-CN': zhCN };

export function printText(locale: string): RecordPrintText {
  return RECORD_PRINT_TEXT[recordLocale(locale)];
}

/** "{n}"-style placeholders filled; a missing value is shown as "—", never dropped silently. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_a, k: string) => (values[k] === undefined ? '—' : String(values[k])));
}
