/**
 * The words of `batchline report` in the languages the plant reads (en, zh-CN): the account
 * review, access at a date and the periodic review. JSON output carries no words, only data.
 */
export type ReportLang = 'en' | 'zh-CN';
export const REPORT_LANGS: readonly ReportLang[] = ['en', 'zh-CN'];

export interface ReportWords {
  accountsTitle: (where: string) => string;
  accessTitle: (where: string, at: string) => string;
  periodicTitle: (from: string, to: string) => string;
  columns: { user: string; name: string; roles: string; status: string; lastLogin: string; flags: string };
  never: string;
  status: Record<string, string>;
  flags: { dormant: (days: number) => string; generic: string; pending: string; mfa: string; noAck: string };
  sections: {
    incidents: string;
    configChanges: string;
    failedLogins: string;
    upgrades: string;
    deviations: string;
    openDeviations: string;
    concurrentUse: string;
    users: string;
    validation: string;
    notRecorded: string;
  };
  counts: { syncRefusals: string; forks: string; stationStatus: string; atStations: string; atHub: string };
  notQualified: string;
  approvedBy: string;
  generated: (at: string, version: string) => string;
}

const en: ReportWords = {
  accountsTitle: (where) => `Account review — ${where}`,
  accessTitle: (where, at) => `Access rights at ${at} — ${where}`,
  periodicTitle: (from, to) => `Periodic review of the computerised system, ${from} to ${to}`,
  columns: { user: 'User', name: 'Name', roles: 'Roles', status: 'Status', lastLogin: 'Last login', flags: 'Findings' },
  never: 'never',
  status: { active: 'active', pending: 'pending (identity not yet verified)', locked: 'locked', disabled: 'disabled' },
  flags: { dormant: (d) => `dormant (${d} days without login)`, generic: 'generic name', pending: 'pending', mfa: 'second factor enrolled', noAck: 'e-signature acknowledgement not signed' },
  sections: {
    incidents: 'Incidents',
    configChanges: 'Configuration changes',
    failedLogins: 'Failed logins',
    upgrades: 'Software upgrades',
    deviations: 'Deviations raised',
    openDeviations: 'Open deviations',
    concurrentUse: 'Same account at two stations at once',
    users: 'Users and roles (hub)',
    validation: 'Validation status (last qualification per station)',
    notRecorded: 'Not recorded by Batchline (review by procedure)',
  },
  counts: { syncRefusals: 'sync refusals', forks: 'forks', stationStatus: 'station quarantines/revocations', atStations: 'at stations', atHub: 'at the hub' },
  notQualified: 'no qualification recorded',
  approvedBy: 'approved by',
  generated: (at, v) => `Generated ${at} by Batchline ${v}`,
};

const zh: ReportWords = {
  accountsTitle: (where) => `账户审查 — ${where}`,
  accessTitle: (where, at) => `${at} 的访问权限 — ${where}`,
  periodicTitle: (from, to) => `计算机化系统定期评估，${from} 至 ${to}`,
  columns: { user: '用户', name: '姓名', roles: '角色', status: '状态', lastLogin: '最近登录', flags: '发现' },
  never: '从未',
  status: { active: '有效', pending: '待定（身份尚未核实）', locked: '已锁定', disabled: '已停用' },
  flags: { dormant: (d) => `休眠（${d} 天未登录）`, generic: '通用账户名', pending: '待定', mfa: '已登记第二因素', noAck: '未签署电子签名确认' },
  sections: {
    incidents: '事件',
    configChanges: '配置变更',
    failedLogins: '登录失败',
    upgrades: '软件升级',
    deviations: '新增偏差',
    openDeviations: '未关闭偏差',
    concurrentUse: '同一账户同时在两个工作站使用',
    users: '用户与角色（中心服务器）',
    validation: '验证状态（各工作站最近一次确认）',
    notRecorded: 'Batchline 未记录（按规程审查）',
  },
  counts: { syncRefusals: '同步拒绝', forks: '分叉', stationStatus: '工作站隔离/吊销', atStations: '工作站', atHub: '中心服务器' },
  notQualified: '无确认记录',
  approvedBy: '批准人',
  generated: (at, v) => `由 Batchline ${v} 于 ${at} 生成`,
};

export function reportWords(lang: ReportLang): ReportWords {
  return lang === 'zh-CN' ? zh : en;
}
