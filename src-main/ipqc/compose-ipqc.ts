/**
 * Wiring of in-process control (issue 12 item 2), called by the composition root: the IPQC
 * service reads balances through the same port as the dispensing engine (the configured
 * drivers, or the simulated bench of a training station) and the same master data.
 */
import type { Clock } from '../../src-core/clock.ts';
import type { Ledger } from '../../src-core/ledger/ledger-ports.ts';
import type { BalancePort } from '../../src-core/order/balance-port.ts';
import type { AlarmService } from '../core/alarm/alarm-service.ts';
import type { AuthService } from '../core/auth/auth-service.ts';
import type { UserDirectory } from '../core/auth/user-directory.ts';
import type { SignatureService } from '../core/signatures/signature-service.ts';
import { DEFAULT_ENGINE_CONFIG } from '../core/engine/engine-config.ts';
import { IpqcService } from '../core/ipqc/ipqc-service.ts';
import type { StationDb } from '../db/open-station-db.ts';
import { sqliteMasterDataReader } from '../db/master-data-repo.ts';

export function composeIpqc(
  base: { db: StationDb; ledger: Ledger; auth: AuthService; signatures: SignatureService; users: UserDirectory; clock: Clock; alarms?: AlarmService },
  balances: BalancePort,
  stableTimeoutMs: number = DEFAULT_ENGINE_CONFIG.stableTimeoutMs,
): IpqcService {
  return new IpqcService({ ...base, masterData: sqliteMasterDataReader(base.db.sqlite), balances, stableTimeoutMs });
}
