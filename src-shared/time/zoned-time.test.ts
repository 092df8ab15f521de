import { describe, expect, it } from 'vitest';
import { formatAtOffset, formatInZone, zoneForOffset } from './zoned-time.ts';

describe('times as a reviewer reads them', () => {
  it('maps whole-hour offsets to IANA Etc zones with the inverted POSIX sign', () => {
    expect(zoneForOffset('+08:00')).toBe('Etc/GMT-8');
    expect(zoneForOffset('-05:00')).toBe('Etc/GMT+5');
    expect(zoneForOffset('+00:00')).toBe('UTC');
    expect(zoneForOffset('+05:30')).toBeNull();
    expect(zoneForOffset('garbage')).toBeNull();
  });

  it('shows an entry at its recorded offset exactly as the station shows it in its zone', () => {
    const iso = '2026-03-02T01:00:00.000Z';
    expect(formatAtOffset(iso, '+08:00', 'en')).toBe(formatInZone(iso, 'en', 'Asia/Shanghai'));
    expect(formatAtOffset(iso, '+08:00', 'zh-CN')).toBe(formatInZone(iso, 'zh-CN', 'Asia/Shanghai'));
    expect(formatAtOffset(iso, '+08:00', 'en')).toMatch(/Mar 2, 2026, 09:00:00 GMT\+8/);
    expect(formatAtOffset(iso, '+05:30', 'en')).toMatch(/06:30:00 GMT\+5:30$/);
    expect(formatAtOffset('not a time', '+08:00', 'en')).toBe('not a time');
  });
});
