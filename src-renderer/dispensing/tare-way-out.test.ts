import { describe, expect, it } from 'vitest';
import { errorsEn } from '../../src-shared/errors/words-en.ts';
import { errorsZhCN } from '../../src-shared/errors/words-zh-CN.ts';
import { TARE_REFUSALS, tareWayOut } from './tare-way-out.ts';

const refusal = (code: string) => ({ code, message: 'refused', details: {} }) as Parameters<typeof tareWayOut>[0];

describe('FR-154 the weighing screen offers the clear of a balance tare after a tare or zero refusal', () => {
  it('FR-154 a held tare, an unrecorded zero, a tare changed under a weighing and a loaded pan each offer the clear; other refusals and none do not', () => {
    for (const code of ['BALANCE_HOLDS_TARE', 'BALANCE_ZERO_UNRECORDED', 'BALANCE_TARE_CHANGED', 'BALANCE_PAN_NOT_EMPTY']) expect(tareWayOut(refusal(code)), code).toBe(true);
    for (const code of ['DEVICE_BUSY', 'READING_NOT_STABLE', 'DEVICE_TIMEOUT', 'DEVICE_COMMAND_UNSUPPORTED']) expect(tareWayOut(refusal(code)), code).toBe(false);
    expect(tareWayOut(null)).toBe(false);
  });

  it('FR-154 every refusal the clear is offered for is worded in en and zh-CN, so the screen says why before it offers it', () => {
    for (const code of TARE_REFUSALS) {
      expect(errorsEn[code], `${code} en`).toBeTruthy();
      expect(errorsZhCN[code], `${code} zh-CN`).toBeTruthy();
    }
  });
});
