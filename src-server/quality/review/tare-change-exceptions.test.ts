import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCEPTION_POLICY, findExceptions, type ReviewEntry } from './batch-exceptions.ts';
import { consoleEn } from '../../../src-console/i18n/en.ts';
import { consoleZhCN } from '../../../src-console/i18n/zh-CN.ts';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const reading = (amount: string) => ({ mass: { amount, unit: 'g' }, stable: true, raw: `S S ${amount} g` });
const entry: ReviewEntry = {
  seq: 7,
  stationId: 'ST-1',
  time: new Date(T0).toISOString(),
  tzOffset: '+08:00',
  type: 'balance.tare_changed',
  actor: 'user-op',
  batchRef: 'B-1',
  payload: { stepId: 'S21', stepIndex: 3, lineId: 'L20', balanceId: 'BAL-A01', tareSeq: 5, detectedBy: ['tare-query'], change: 'tare', recordedTare: reading('50.0000'), balanceTare: reading('56.0000'), seen: [], reading: reading('80.0000') },
  prevHash: '0'.repeat(64),
  hash: '7'.padStart(64, '0'),
  receivedAt: new Date(T0),
};

describe('FR-142 a key tare in review by exception', () => {
  it('FR-142 a balance.tare_changed entry is a major exception for QA naming the balance, the step and both tares, worded in en and zh-CN', () => {
    const xs = findExceptions([entry], new Map(), DEFAULT_EXCEPTION_POLICY, new Date(T0 + 3_600_000)).exceptions;
    const x = xs.find((e) => e.kind === 'balance-tare-changed');
    expect(x).toMatchObject({ severity: 'major', seq: 7, params: { balanceId: 'BAL-A01', stepId: 'S21', recorded: '50.0000 g', found: '56.0000 g', by: 'tare-query' } });
    expect(x!.message).toContain('tared or zeroed on its own keys');
    const en = (consoleEn.exception as Record<string, string>)['balance-tare-changed'];
    const zh = (consoleZhCN.exception as Record<string, string>)['balance-tare-changed'];
    expect(en).toContain('{{recorded}}');
    expect(zh).toContain('{{recorded}}');
  });

  it('FR-142 a change seen only on the stream, against a tare recorded without the balance asked, shows "—" for the tares it has not, and the readings that showed it (en and zh-CN)', () => {
    const streamOnly: ReviewEntry = { ...entry, payload: { ...entry.payload, detectedBy: ['stream'], change: 'tare-or-zero', recordedTare: null, balanceTare: null, seen: [{ before: reading('6.0000'), after: reading('0.0000') }] } };
    const x = findExceptions([streamOnly], new Map(), DEFAULT_EXCEPTION_POLICY, new Date(T0 + 3_600_000)).exceptions.find((e) => e.kind === 'balance-tare-changed')!;
    expect(x.params).toMatchObject({ recorded: '—', found: '—', by: 'stream', seen: '6.0000 g → 0.0000 g' });
    expect(x.message).not.toContain('?');
    const fill = (t: string) => t.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String((x.params as Record<string, unknown>)[k]));
    const en = fill((consoleEn.exception as Record<string, string>)['balance-tare-changed']!);
    const zh = fill((consoleZhCN.exception as Record<string, string>)['balance-tare-changed']!);
    expect(en).toContain('tare on record —, on the balance —; seen by stream; readings that showed it 6.0000 g → 0.0000 g');
    expect(zh).toContain('记录的皮重 —，天平上的皮重 —；发现方式 stream；显示该变化的读数 6.0000 g → 0.0000 g');
    // Asked and not seen on a stream: no readings to name.
    expect(findExceptions([entry], new Map(), DEFAULT_EXCEPTION_POLICY, new Date(T0 + 3_600_000)).exceptions.find((e) => e.kind === 'balance-tare-changed')!.params).toMatchObject({ seen: '—' });
  });
});
