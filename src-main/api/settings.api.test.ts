import { afterEach, describe, expect, it } from 'vitest';
import { SerialSettingsSchema, BAUD_RATES } from '../devices/balance/serial-settings.ts';
import { SerialSettingsInput, SERIAL_BAUD_RATES } from '../../src-shared/settings/station-settings.ts';
import { makeTestApi, type TestApi } from '../../test/fakes/test-api.ts';
import { DEMO_PASSWORD } from '../../test/fakes/test-station.ts';

let api: TestApi;
afterEach(() => api?.station.cleanup());

const balance = {
  id: 'BAL-01',
  label: 'XS205 analytical',
  protocol: 'mt-sics',
  port: '/dev/ttyUSB0',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'xon-xoff', lineEnding: 'CRLF' },
};

describe('settings API', () => {
  it('A11-17 records a change as a proposal, in force only once QA approves it with an e-signature', async () => {
    api = makeTestApi();
    const admin = await api.login('admin');
    const before = await api.call('settings.get', {}, admin);
    expect(before.ok && before.value.balances).toEqual([]);
    const proposed = await api.call('settings.propose', { key: 'balances', value: [balance], reason: 'new balance installed' }, admin);
    expect(proposed.ok && proposed.value.status).toBe('pending');
    const still = await api.call('settings.get', {}, admin);
    expect(still.ok && still.value.balances).toEqual([]);
    const qa = await api.login('qa.chen');
    const approved = await api.call('settings.approve', { proposalSeq: proposed.ok ? proposed.value.seq : 0, username: 'qa.chen', password: DEMO_PASSWORD }, qa);
    expect(approved.ok && approved.value.settings.balances[0]?.id).toBe('BAL-01');
    const entry = api.station.ledger.query({ types: ['settings.changed'] }).at(-1)!;
    expect(entry.actor).toBe(api.station.userId('qa.chen'));
    expect(entry.payload).toMatchObject({ key: 'balances', oldValue: [], newValue: [balance], reason: 'new balance installed' });
    const limits = await api.call('settings.propose', { key: 'limits', value: { idleLockMinutes: 5, masterDataMaxAgeHours: 12, stableTimeoutSeconds: 8 }, reason: 'SOP-114 rev 3' }, admin);
    expect(limits.ok).toBe(true);
    const status = await api.call('settings.status', {}, qa);
    expect(status.ok && status.value.pending.map((p) => p.key)).toEqual(['limits']);
    expect((await api.call('settings.approve', { proposalSeq: limits.ok ? limits.value.seq : 0, username: 'qa.chen', password: DEMO_PASSWORD }, qa)).ok).toBe(true);
    const info = await api.call('station.info', {}, null);
    expect(info.ok && info.value.idleLockMinutes).toBe(5);
  });

  it('refuses values outside the schema, duplicate ids, no-op changes and non-admins', async () => {
    api = makeTestApi();
    const admin = await api.login('admin');
    const bad = await api.call('settings.propose', { key: 'balances', value: [{ ...balance, serial: { ...balance.serial, baudRate: 9601 } }], reason: 'typo' }, admin);
    expect(!bad.ok && bad.error.code).toBe('SETTINGS_INVALID');
    expect(!bad.ok && bad.error.message).toContain('balances.0.serial.baudRate');
    const dup = await api.call('settings.propose', { key: 'balances', value: [balance, balance], reason: 'twice' }, admin);
    expect(!dup.ok && dup.error.message).toMatch(/BAL-01 is used twice/);
    const same = await api.call('settings.propose', { key: 'printers', value: [], reason: 'nothing' }, admin);
    expect(!same.ok && same.error.code).toBe('CONFLICT');
    const unknownKey = await api.call('settings.propose', { key: 'audit' as never, value: false, reason: 'switch the audit trail off' }, admin);
    expect(!unknownKey.ok && unknownKey.error.code).toBe('INPUT_INVALID');
    const op = await api.login('op.li');
    const refused = await api.call('settings.propose', { key: 'printers', value: [], reason: 'sneaky' }, op);
    expect(!refused.ok && refused.error.code).toBe('AUTH_ROLE_REQUIRED');
    expect(api.station.ledger.query({ types: ['settings.proposed'] })).toHaveLength(0);
  });

  it('mirrors the device layer serial settings schema exactly', () => {
    expect([...SERIAL_BAUD_RATES]).toEqual([...BAUD_RATES]);
    const samples = [
      balance.serial,
      { ...balance.serial, parity: 'mark' },
      { ...balance.serial, stopBits: 1.5 },
      { ...balance.serial, dataBits: 9 },
      { ...balance.serial, handshake: 'dtr' },
      { ...balance.serial, lineEnding: 'LFCR' },
    ];
    for (const s of samples) expect(SerialSettingsInput.safeParse(s).success).toBe(SerialSettingsSchema.safeParse(s).success);
  });
});
