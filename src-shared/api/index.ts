/**
 * The whole Station API contract, one map. Each area adds its contract file and one entry here;
 * combineContracts refuses a method name defined twice.
 */
import { combineContracts } from './contract.ts';
import { stationContract } from './station.contract.ts';
import { authContract } from './auth.contract.ts';
import { usersContract } from './users.contract.ts';
import { auditContract } from './audit.contract.ts';
import { settingsContract } from './settings.contract.ts';
import { devicesContract } from './devices.contract.ts';
import { dispensingContract } from './dispensing.contract.ts';
import { printContract } from './print.contract.ts';
import { ipqcContract } from './ipqc.contract.ts';
import { alarmContract } from './alarm.contract.ts';
import { equipmentContract } from './equipment.contract.ts';

export const stationApiContract = combineContracts(stationContract, authContract, usersContract, auditContract, settingsContract, devicesContract, dispensingContract, printContract, ipqcContract, alarmContract, equipmentContract);
export type StationApiContract = typeof stationApiContract;
export type StationMethod = keyof StationApiContract & string;
