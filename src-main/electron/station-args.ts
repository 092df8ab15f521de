/**
 * Command-line options of the Electron station (npm start passes them): --db PATH, --kiosk,
 * --balance [ID=]protocol:port[:baud] (repeatable), --simulated-balance, --dev.
 */
import type { BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { parseBalanceSpec } from '../shell/balance-spec.ts';

export interface StationArgs {
  dbPath: string | null;
  kiosk: boolean;
  dev: boolean;
  balances: BalanceSetting[];
  simulateOtherBalances: boolean;
}

export function parseStationArgs(argv: readonly string[]): Result<StationArgs> {
  const out: StationArgs = { dbPath: null, kiosk: false, dev: false, balances: [], simulateOtherBalances: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--kiosk') out.kiosk = true;
    else if (a === '--dev') out.dev = true;
    else if (a === '--simulated-balance') out.simulateOtherBalances = true;
    else if (a === '--db' || a === '--balance') {
      const value = argv[++i];
      if (value === undefined) return err('INPUT_INVALID', `${a} needs a value`);
      if (a === '--db') out.dbPath = value;
      else {
        const b = parseBalanceSpec(value, out.balances.length);
        if (!b.ok) return b;
        out.balances.push(b.value);
      }
    }
    // Anything else belongs to Electron or Chromium (e.g. --no-sandbox is refused below).
  }
  if (argv.includes('--no-sandbox')) return err('INPUT_INVALID', 'the station never runs without the Chromium sandbox');
  return ok(out);
}
