/**
 * The words of the IQ/OQ report in English and Chinese. Measured values (observed) are printed
 * as measured; the frame, the verdict and the check titles are translated, so a plant can hand
 * the inspector the report in the language of the site.
 */
import type { CheckOutcome, Verdict } from './qualification-check.ts';

export type ReportLanguage = 'en' | 'zh-CN';
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['en', 'zh-CN'];

export interface ReportText {
  title: string;
  station: string;
  database: string;
  host: string;
  software: string;
  ranAt: string;
  hub: string;
  noHub: string;
  reportHash: string;
  verdict: string;
  qualified: string;
  notQualified: string;
  iq: string;
  oq: string;
  id: string;
  check: string;
  expected: string;
  observed: string;
  outcome: string;
  pass: string;
  fail: string;
  na: string;
  signature: string;
  signedBy: string;
  meaning: string;
  signedAt: string;
  ledgerEntries: string;
  unsigned: string;
  page: (n: number, of: number) => string;
  fontMissing: (path: string) => string;
  titles: Record<string, string>;
}

const en: ReportText = {
  title: 'Installation and operational qualification report',
  station: 'Station',
  database: 'Database',
  host: 'Computer',
  software: 'Batchline version',
  ranAt: 'Run at (UTC)',
  hub: 'Hub',
  noHub: 'none given',
  reportHash: 'Report SHA-256',
  verdict: 'Verdict',
  qualified: 'QUALIFIED',
  notQualified: 'NOT QUALIFIED',
  iq: 'Installation qualification (IQ)',
  oq: 'Operational qualification (OQ), on a temporary training station with simulators',
  id: 'ID',
  check: 'Check',
  expected: 'Expected',
  observed: 'Observed',
  outcome: 'Result',
  pass: 'pass',
  fail: 'FAIL',
  na: 'n/a',
  signature: 'Electronic signature',
  signedBy: 'Signed by',
  meaning: 'Meaning',
  signedAt: 'Signed at',
  ledgerEntries: 'Ledger entries',
  unsigned: 'NOT SIGNED',
  page: (n, of) => `Page ${n} of ${of}`,
  fontMissing: (path) => `No CJK font found (looked for ${path}): characters outside Latin-1 are printed as "?". The HTML report holds the full text.`,
  titles: {},
};

const zh: ReportText = {
  title: '安装确认与运行确认报告',
  station: '工作站',
  database: '数据库',
  host: '计算机',
  software: 'Batchline 版本',
  ranAt: '执行时间 (UTC)',
  hub: '中心服务器',
  noHub: '未指定',
  reportHash: '报告 SHA-256',
  verdict: '结论',
  qualified: '确认合格',
  notQualified: '确认不合格',
  iq: '安装确认 (IQ)',
  oq: '运行确认 (OQ)，在带模拟器的临时培训工作站上执行',
  id: '编号',
  check: '检查项',
  expected: '预期',
  observed: '实际',
  outcome: '结果',
  pass: '通过',
  fail: '不通过',
  na: '不适用',
  signature: '电子签名',
  signedBy: '签名人',
  meaning: '签名含义',
  signedAt: '签名时间',
  ledgerEntries: '账本条目',
  unsigned: '未签名',
  page: (n, of) => `第 ${n} 页，共 ${of} 页`,
  fontMissing: (path) => `未找到中日韩字体（查找了 ${path}）：Latin-1 以外的字符显示为 "?"。HTML 报告包含完整文本。`,
  titles: {
    'IQ-01': '已安装版本',
    'IQ-02': '发布文件与发布清单一致',
    'IQ-03': 'Node.js 版本',
    'IQ-04': 'Electron 版本',
    'IQ-05': '数据库结构版本',
    'IQ-06': '账本表的只追加触发器',
    'IQ-07': 'SQLite 完整性检查',
    'IQ-08': '工作站账本验证通过',
    'IQ-09': '站点 CA 证书当前有效',
    'IQ-10': '工作站证书当前有效',
    'IQ-11': '在中心服务器注册',
    'IQ-12': '时钟不早于账本',
    'IQ-13': '时间源',
    'IQ-14': '与中心服务器的时钟偏差',
    'IQ-15': '天平以其序列号应答',
    'IQ-16': '数据库文件仅工作站账户可读',
    'IQ-17': '数据库所在磁盘已加密',
    'IQ-18': 'USB 大容量存储已禁用',
    'OQ-00': '临时培训工作站',
    'OQ-01': '完整的订单',
    'OQ-02': '隔离批次被拒绝并记录',
    'OQ-03': '签名',
    'OQ-04': '第二人复核签名',
    'OQ-05': '登录时拒绝错误密码',
    'OQ-06': '签名时拒绝错误密码',
    'OQ-07': '任何人不能复核自己的记录',
    'OQ-08': '操作员不能放行',
    'OQ-09': '记录可离线验证',
    'OQ-10': '被修改的条目被发现',
    'OQ-11': '与中心服务器同步',
    'OQ-12': '中心服务器的验证：会签的树头',
    'OQ-13': '同步后记录仍可验证',
  },
};

export function reportText(lang: ReportLanguage): ReportText {
  return lang === 'zh-CN' ? zh : en;
}

/** The check title in the report's language; balance checks (IQ-15.n) keep their balance id. */
export function titleOf(t: ReportText, id: string, title: string): string {
  const base = t.titles[id] ?? t.titles[id.split('.')[0]!];
  if (!base) return title;
  return id.includes('.') ? `${base}: ${title.replace(/^Balance /, '')}` : base;
}

/**
 * The words every qualification report shares, the station's IQ/OQ report and the hub IQ report
 * (src-cli/release/hub-iq-report.ts) alike: the run's facts, the verdict, the check table and its
 * outcomes, the page footer. A report adds only its own words to these.
 */
export type CheckReportWords = Pick<ReportText, 'database' | 'host' | 'software' | 'ranAt' | 'reportHash' | 'verdict' | 'qualified' | 'notQualified' | 'id' | 'check' | 'expected' | 'observed' | 'outcome' | 'pass' | 'fail' | 'na' | 'page'>;

/** A check's outcome in the report's words. */
export function outcomeWord(t: Pick<ReportText, 'pass' | 'fail' | 'na'>, outcome: CheckOutcome): string {
  return outcome === 'pass' ? t.pass : outcome === 'fail' ? t.fail : t.na;
}

/** The verdict in the report's words. */
export function verdictWord(t: Pick<ReportText, 'qualified' | 'notQualified'>, verdict: Verdict): string {
  return verdict === 'qualified' ? t.qualified : t.notQualified;
}

/** The check table's column headers. */
export function checkHeaders(t: Pick<ReportText, 'id' | 'check' | 'expected' | 'observed' | 'outcome'>): [string, string, string, string, string] {
  return [t.id, t.check, t.expected, t.observed, t.outcome];
}
