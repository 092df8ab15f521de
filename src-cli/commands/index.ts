/**
 * The list of command registrars. Each area owns one file in this folder and adds one line
 * here; nothing else in the CLI knows about a command.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';

export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

import { registerLedgerCommands } from './ledger.ts';
import { registerHubCommands } from './hub.ts';
import { registerBackupCommands } from './backup.ts';
import { registerStationCommands } from './station.ts';
import { registerDeviceCommands } from './devices.ts';
import { registerTraceCommands } from './trace.ts';
import { registerBarcodeCommands } from './barcode.ts';
import { registerEngineCommands } from './engine.ts';
import { registerRtmCommands } from './rtm.ts';
import { registerQualifyCommands } from './qualify.ts';

export const registerCommands: CommandRegistrar[] = [
  registerLedgerCommands,
  registerHubCommands,
  registerBackupCommands,
  registerStationCommands,
  registerDeviceCommands,
  registerBarcodeCommands,
  registerEngineCommands,
  registerTraceCommands,
  registerRtmCommands,
  registerQualifyCommands,
];
