/**
 * IQ of the balances (COMPLIANCE P11-11 device checks, §6 attack 8): each configured balance
 * port exists, the balance on it answers, and it reports the serial number its master data
 * names. A balance answering with another serial number is another instrument: its calibration
 * and daily checks are not the ones on record, so it fails IQ.
 */
import { existsSync } from 'node:fs';
import type { BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import type { MasterDataReader } from '../../src-main/core/master-data/master-data-reader.ts';
import { createSerialBalanceDriver } from '../../src-main/devices/balance/create-balance-driver.ts';
import { check, type QualificationCheck } from './qualification-check.ts';

const IDENTIFY_TIMEOUT_MS = 3000;

export async function balanceChecks(balances: readonly BalanceSetting[], masterData: Pick<MasterDataReader, 'get'>): Promise<QualificationCheck[]> {
  const real = balances.filter((b) => b.port !== 'simulated');
  const checks: QualificationCheck[] = [];
  if (real.length === 0) {
    checks.push(check('IQ', 'IQ-15', 'Balances answer with their serial numbers', 'at least one balance port configured (station settings or --balance)', balances.length > 0 ? `only simulated balances (${balances.map((b) => b.id).join(', ')})` : 'no balance port configured', false));
    return checks;
  }
  let n = 0;
  for (const b of real) {
    n += 1;
    const id = `IQ-15.${n}`;
    const md = masterData.get('balance', b.id);
    const expectedSerial = md?.data.serialNumber;
    const expected = expectedSerial ? `${b.id} on ${b.port} (${b.protocol}) answers with serial number ${expectedSerial}` : `${b.id} is a balance in master data`;
    if (!expectedSerial) {
      checks.push(check('IQ', id, `Balance ${b.id}`, expected, `no balance ${b.id} in master data: nothing says which instrument belongs on ${b.port}`, false));
      continue;
    }
    if (!existsSync(b.port)) {
      checks.push(check('IQ', id, `Balance ${b.id}`, expected, `no serial port ${b.port}`, false));
      continue;
    }
    checks.push(check('IQ', id, `Balance ${b.id}`, expected, ...(await identify(b, expectedSerial))));
  }
  return checks;
}

async function identify(b: BalanceSetting, expectedSerial: string): Promise<[string, boolean]> {
  const made = createSerialBalanceDriver({ protocol: b.protocol, path: b.port, settings: b.serial, driver: { commandTimeoutMs: IDENTIFY_TIMEOUT_MS, reconnect: false } });
  if (!made.ok) return [`${made.error.code}: ${made.error.message}`, false];
  const driver = made.value;
  try {
    const connected = await driver.connect();
    if (!connected.ok) return [`${connected.error.code}: ${connected.error.message}`, false];
    const who = await driver.identify();
    if (!who.ok) return [`${who.error.code}: ${who.error.message}`, false];
    const sn = who.value.serialNumber;
    const model = who.value.model ? `model ${who.value.model}, ` : '';
    return [`${model}serial number ${sn ?? '(not reported)'}`, sn === expectedSerial];
  } finally {
    await driver.disconnect();
  }
}
