/**
 * The command modules, each named by the top-level commands it registers. Each area owns one
 * file in this folder and adds one entry here; nothing else in the CLI knows about a command.
 *
 * A module is imported only when one of its commands runs (issue 16, item 2): `batchline
 * parse-barcode` must not load the hub, the station or serial ports to parse one scan. Help,
 * an unknown command or no command at all loads every module, so commander can list them all.
 * command-modules.test.ts holds each entry's names to what its module really registers.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';

export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

export interface CommandModule {
  /** The top-level command names the module registers. */
  names: readonly string[];
  load(): Promise<CommandRegistrar>;
}

export const commandModules: readonly CommandModule[] = [
  { names: ['verify', 'demo', 'audit'], load: async () => (await import('./ledger.ts')).registerLedgerCommands },
  { names: ['hub', 'enrol', 'sync'], load: async () => (await import('./hub.ts')).registerHubCommands },
  { names: ['backup', 'restore'], load: async () => (await import('./backup.ts')).registerBackupCommands },
  { names: ['station'], load: async () => (await import('./station.ts')).registerStationCommands },
  { names: ['parse-balance', 'balance', 'simulate'], load: async () => (await import('./devices.ts')).registerDeviceCommands },
  { names: ['parse-barcode', 'label'], load: async () => (await import('./barcode.ts')).registerBarcodeCommands },
  { names: ['order', 'orders', 'record', 'run-order'], load: async () => (await import('./engine.ts')).registerEngineCommands },
  { names: ['trace'], load: async () => (await import('./trace.ts')).registerTraceCommands },
  { names: ['rtm'], load: async () => (await import('./rtm.ts')).registerRtmCommands },
  { names: ['qualify'], load: async () => (await import('./qualify.ts')).registerQualifyCommands },
  { names: ['risk', 'validation-kit'], load: async () => (await import('./evidence.ts')).registerEvidenceCommands },
  { names: ['evidence', 'verify-packet', 'replay', 'trace-record'], load: async () => (await import('./archive.ts')).registerArchiveCommands },
  { names: ['release'], load: async () => (await import('./release.ts')).registerReleaseCommands },
  { names: ['report'], load: async () => (await import('./report.ts')).registerReportCommands },
];

/**
 * The modules a command line needs: the one naming its first word, or all of them when the
 * first word names no module (help, a typo that commander should report, no command).
 */
export function modulesFor(argv: readonly string[], modules: readonly CommandModule[] = commandModules): readonly CommandModule[] {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  const owner = first === undefined ? undefined : modules.find((m) => m.names.includes(first));
  return owner ? [owner] : modules;
}
