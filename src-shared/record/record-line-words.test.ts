import { describe, expect, it } from 'vitest';
import { describeEntry } from './record-line.ts';
import { renderRecordLine } from './record-line-text.ts';

describe('audit lines in words (issue 11 item 2)', () => {
  it('A11-16 a settings change reads with its old and new value in words, never as JSON, in both languages', () => {
    const line = describeEntry('settings.changed', { key: 'engine.maxMasterDataAgeMinutes', oldValue: 240, newValue: { minutes: 120, policy: 'block' }, reason: 'SOP-114 revision 4' });
    expect(renderRecordLine(line, 'en')).toBe('Settings "engine.maxMasterDataAgeMinutes" changed from 240 to minutes: 120, policy: block: SOP-114 revision 4');
    expect(renderRecordLine(line, 'zh-CN')).toBe('设置“engine.maxMasterDataAgeMinutes”由 240 改为 minutes: 120, policy: block：SOP-114 revision 4');
  });

  it('A11-16 the station clock losing and regaining the hub\'s trust reads as a sentence with local times', () => {
    const lost = describeEntry('station.time_untrusted', { hubTime: '2026-03-02T01:00:00.000Z', stationTime: '2026-03-02T01:05:00.000Z', driftSeconds: 300, maxDriftSeconds: 60, policy: 'block' });
    const at = (iso: string) => (iso.startsWith('2026-03-02T01:00') ? '09:00:00 GMT+8' : '09:05:00 GMT+8');
    expect(renderRecordLine(lost, 'en', at)).toBe('Station clock NOT TRUSTED: 300 s off the hub (limit 60 s; hub 09:00:00 GMT+8, station 09:05:00 GMT+8); GMP work blocked');
    expect(renderRecordLine(lost, 'zh-CN', at)).toBe('工作站时钟不可信：与中心相差 300 秒（限值 60 秒；中心 09:00:00 GMT+8，工作站 09:05:00 GMT+8）；生产操作已阻止');
    const back = describeEntry('station.time_trusted', { hubTime: '2026-03-02T01:00:00.000Z', stationTime: '2026-03-02T01:00:02.000Z', driftSeconds: 2 });
    expect(renderRecordLine(back, 'en', at)).toMatch(/^Station clock trusted again: 2 s off the hub/);
  });
});
