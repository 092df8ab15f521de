import { describe, expect, it } from 'vitest';
import { describeEntry } from './record-line.ts';
import { RECORD_ENUMS, RECORD_LINE_TEXT, renderRecordLine } from './record-line-text.ts';

const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('record lines in every language', () => {
  it('both catalogues hold the same line keys with the same placeholders, and every code list', () => {
    const en = RECORD_LINE_TEXT.en;
    const zh = RECORD_LINE_TEXT['zh-CN'];
    expect(Object.keys(zh.lines).sort()).toEqual(Object.keys(en.lines).sort());
    for (const k of Object.keys(en.lines)) expect(placeholders(zh.lines[k]!), k).toEqual(placeholders(en.lines[k]!));
    for (const list of RECORD_ENUMS) expect(Object.keys(zh.codes[list]).sort(), list).toEqual(Object.keys(en.codes[list]).sort());
  });

  it('zh-CN templates and code labels carry no English word (codes and units excepted)', () => {
    const zh = RECORD_LINE_TEXT['zh-CN'];
    const texts = [...Object.values(zh.lines).map((t) => t.replace(/\{\w+\}/g, '')), ...RECORD_ENUMS.flatMap((l) => Object.values(zh.codes[l]))];
    const allowed = new Set(['JSON', 'B2MML', 'ERP']);
    for (const t of texts) for (const w of t.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []) expect(allowed.has(w), `"${w}" in "${t}"`).toBe(true);
  });

  it('a weighing reads in Chinese with its recorded masses, and an outcome code in words', () => {
    const line = describeEntry('dispense.weighed', {
      net: { amount: '52.30', unit: 'g' }, portion: 1, containerId: 'C-1', balanceId: 'BAL-1', cumulative: { amount: '52.30', unit: 'g' },
      lineWindow: { target: { amount: '52.0', unit: 'g' }, lower: { amount: '51.5', unit: 'g' }, upper: { amount: '52.5', unit: 'g' } }, outcome: 'accepted',
    });
    expect(renderRecordLine(line, 'zh-CN')).toBe('称得净重 52.30 g（第 1 份，容器 C-1，天平 BAL-1）；物料行累计 52.30 g，范围 51.5 g … 52.5 g：已接受');
    expect(renderRecordLine(line, 'en')).toBe('Weighed 52.30 g net (portion 1, C-1 on BAL-1); line total 52.30 g in 51.5 g … 52.5 g: accepted');
  });

  it('FR-86 an equipment use reads in Chinese with its class and cleaning basis in words, and a station cleaning entry too', () => {
    const used = describeEntry('equipment.used', { equipmentId: 'GRN-01', class: 'granulator', product: 'FG-PARA500', clearance: { qualification: { pq: 'PQ-1' }, calibrationDueAt: 'x', maintenanceDueAt: 'y', cleaning: { basis: 'same-batch', cleanedAt: 'z' } } });
    expect(renderRecordLine(used, 'zh-CN')).toBe('设备 GRN-01（制粒机）用于 FG-PARA500：性能确认文件 PQ-1，校准到期 x，维护到期 y，清洁 本批次使用中，时间 z');
    expect(renderRecordLine(used, 'en')).toContain('(granulator) used for FG-PARA500');
    const cleaned = describeEntry('equipment.logbook_recorded', { equipmentId: 'GRN-01', kind: 'cleaning', level: 'major', startedAt: 'a', endedAt: 'b', agent: 'WFI', note: 'SOP-CL-014' });
    expect(renderRecordLine(cleaned, 'zh-CN', (t) => t)).toBe('设备 GRN-01 已清洁（彻底清洁），a 至 b，清洁剂 WFI：SOP-CL-014');
  });

  it('a malformed payload is named by its type, never thrown', () => {
    expect(renderRecordLine(describeEntry('dispense.weighed', { net: null }), 'en')).toBe('Entry dispense.weighed');
    expect(renderRecordLine(describeEntry('no.such_type', {}), 'zh-CN')).toBe('记录 no.such_type');
  });

  it('times are shown through the reader\'s formatter', () => {
    const line = describeEntry('timer.started', { durationSeconds: 60, endsAt: '2026-03-02T01:00:00.000Z' });
    expect(renderRecordLine(line, 'zh-CN', () => '2026年3月2日 09:00:00 GMT+8')).toBe('计时器已启动 60 秒（结束于 2026年3月2日 09:00:00 GMT+8）');
  });
});
