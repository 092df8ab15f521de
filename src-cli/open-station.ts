/**
 * Opens a station database for one CLI command and always closes it; a refusal to open is
 * printed as `CODE: message` and becomes the command's exit code.
 */
import { createStation, type Station, type StationConfig } from '../src-main/compose.ts';
import { loadOrCreateStationSecret } from '../src-main/station-secret.ts';
import { EXIT_FAILED, type CliIo } from './cli-io.ts';

export async function withStation(dbPath: string, io: CliIo, use: (station: Station) => Promise<number> | number, secret?: string, provisioning: Pick<StationConfig, 'identity' | 'mode'> = {}): Promise<number> {
  const station = createStation({ dbPath, stationSecret: secret ?? loadOrCreateStationSecret(dbPath, io.env), ...provisioning });
  if (!station.ok) {
    io.err(`${station.error.code}: ${station.error.message}`);
    return EXIT_FAILED;
  }
  try {
    return await use(station.value);
  } finally {
    station.value.close();
  }
}
