/**
 * The words of a notification, in the language of the channel's readers. A message names what
 * happened, where (record, batch, room), who and when, and where to act; it carries no secret
 * and no more of the record than the on-call person needs to decide to come.
 */
import type { NotifyEvent, NotifyLang } from './notify-contract.ts';

export interface NotifyFacts {
  event: NotifyEvent;
  /** The record it concerns: a deviation id, a change id, a room, a batch. */
  subject: string;
  /** Who caused it (a user name, a station id, "hub"). */
  actor: string;
  /** When, as ISO-8601 with the hub's offset. */
  at: string;
  /** Short facts as label → value, already in words (value with unit, limit, batch). */
  facts: [key: FactKey, value: string][];
}

export type FactKey = 'batch' | 'step' | 'value' | 'limit' | 'room' | 'classification' | 'due' | 'waitingFor' | 'summary';

const TITLES: Record<NotifyLang, Record<NotifyEvent, string>> = {
  en: {
    'deviation-raised': 'Deviation raised',
    oos: 'Out of specification',
    excursion: 'Environmental excursion',
    alarm: 'Alarm',
    'approval-waiting': 'Approval waiting for you',
    overdue: 'Overdue quality record',
  },
  'zh-CN': {
    'deviation-raised': '已提出偏差',
    oos: '检验结果超标（OOS）',
    excursion: '环境超限',
    alarm: '报警',
    'approval-waiting': '有待您批准的事项',
    overdue: '质量记录已逾期',
  },
};

const FACTS: Record<NotifyLang, Record<FactKey | 'subject' | 'by' | 'at', string>> = {
  en: { subject: 'Record', by: 'By', at: 'At', batch: 'Batch', step: 'Step', value: 'Value', limit: 'Limit', room: 'Room', classification: 'Class', due: 'Due', waitingFor: 'Waiting for', summary: 'What' },
  'zh-CN': { subject: '记录', by: '操作人', at: '时间', batch: '批号', step: '步骤', value: '数值', limit: '限度', room: '房间', classification: '分级', due: '到期', waitingFor: '等待', summary: '内容' },
};

const FOOTER: Record<NotifyLang, string> = {
  en: 'Open the Batchline console to act. This message is recorded at the hub.',
  'zh-CN': '请在 Batchline 控制台中处理。此消息已在中心服务器记录。',
};

export interface RenderedNotice {
  title: string;
  /** Plain text, one fact per line (e-mail body, WeCom/DingTalk text). */
  text: string;
  /** The same as Markdown (DingTalk and WeCom markdown messages). */
  markdown: string;
}

export function renderNotice(f: NotifyFacts, lang: NotifyLang): RenderedNotice {
  const w = FACTS[lang];
  const title = `${TITLES[lang][f.event]}: ${f.subject}`;
  const lines: [string, string][] = [[w.subject, f.subject], ...f.facts.map(([k, v]): [string, string] => [w[k], v]), [w.by, f.actor], [w.at, f.at]];
  const sep = lang === 'zh-CN' ? '：' : ': ';
  const text = [`[Batchline] ${title}`, ...lines.map(([k, v]) => `${k}${sep}${v}`), FOOTER[lang]].join('\n');
  const markdown = [`### [Batchline] ${escapeMd(title)}`, ...lines.map(([k, v]) => `- **${k}**${sep}${escapeMd(v)}`), '', FOOTER[lang]].join('\n');
  return { title: `[Batchline] ${title}`, text, markdown };
}

/** Markdown that a value cannot turn into a link, a heading or emphasis. */
function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]()#<>!|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
