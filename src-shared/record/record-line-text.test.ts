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
  it('FR-102 a deviation reason the system wrote (code + values) reads in the reader\'s language; an old record\'s English text is shown as it is', () => {
    const yieldDev = { deviationId: 'DEV-B1-001', category: 'yield-out-of-limits', stepId: null, targetSeq: null, code: 'YIELD_OUT_OF_LIMITS', reason: 'yield 91.2 % is outside the recipe\'s limits 95 % – 102 % (9.12 kg of 10 kg)', reasonKey: 'yield-out-of-limits', reasonParams: { percent: '91.2', lower: '95', upper: '102', actual: '9.12 kg', theoretical: '10 kg' } };
    const zh = renderRecordLine(describeEntry('deviation.raised', yieldDev), 'zh-CN');
    expect(zh).toContain('收率 91.2 % 超出配方限度 95 % – 102 %');
    expect(zh).not.toMatch(/outside|yield/);
    expect(renderRecordLine(describeEntry('deviation.raised', yieldDev), 'en')).toContain("yield 91.2 % is outside the recipe's limits 95 % – 102 % (9.12 kg of 10 kg)");
    const balance = { ...yieldDev, category: 'reconciliation', reasonKey: 'balance-not-closed', reasonParams: { materials: 1, material0: 'API-1', issued0: '10 kg', dispensed0: '9 kg', returned0: '0.5 kg', wasted0: '0 kg', difference0: '0.5 kg', tolerance0: '0.1 kg' } };
    expect(renderRecordLine(describeEntry('deviation.raised', balance), 'zh-CN')).toContain('物料平衡不闭合；API-1 发放 10 kg');
    const oos = { ...yieldDev, category: 'ipc-out-of-limits', reasonKey: 'ipqc-oos', reasonParams: { check: '片重', checkId: 'TW', value: '531.3', unit: 'mg', lower: '475', upper: '525', occurrence: 1, side: 'above', rules: 'WE1' } };
    expect(renderRecordLine(describeEntry('deviation.raised', oos), 'zh-CN')).toContain('片重（TW）531.3 mg 高于质量标准 475 … 525 mg（第 1 次检查）；违反的趋势规则：WE1');
    // A record from before (no code) keeps its words; an unknown code falls back to them too.
    const old = { ...yieldDev, reasonKey: undefined, reasonParams: undefined };
    expect(renderRecordLine(describeEntry('deviation.raised', old), 'zh-CN')).toContain(yieldDev.reason);
    expect(renderRecordLine(describeEntry('deviation.raised', { ...yieldDev, reasonKey: 'from-the-future' }), 'en')).toContain(yieldDev.reason);
  });
});
