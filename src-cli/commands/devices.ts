/**
 * Device commands for IT diagnosing a station (issue 3, item 7 and 9):
 *   batchline parse-balance --protocol P LINE [--json]
 *   batchline balance identify|read|stable|tare|zero|stream --port PATH --protocol P [port settings] [--json]
 *   batchline simulate balance --protocol mt-sics|sbi|and --link PATH
 * Exit codes: 0 ok; 1 the balance refused, timed out or the line is invalid; 2 usage or port error.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure, type CliIo } from '../cli-io.ts';
import { refuseUsage, say } from '../cli-words.ts';
import type { BatchlineError, Result } from '../../src-shared/result.ts';
import { formatMass, isMassUnit, type Mass } from '../../src-shared/mass.ts';
import { BALANCE_PROTOCOLS, type BalanceMessage, type BalanceProtocol, type WeightReading } from '../../src-main/devices/balance/balance-message.ts';
import { createBalanceCodec, type CodecOptions } from '../../src-main/devices/balance/create-codec.ts';
import { createSerialBalanceDriver } from '../../src-main/devices/balance/create-balance-driver.ts';
import { resolveSerialSettings } from '../../src-main/devices/balance/serial-settings.ts';
import type { BalanceDriver } from '../../src-main/devices/balance/balance-driver.ts';
import { SimulatedBalance } from '../../src-main/devices/simulator/simulated-balance.ts';
import { createFrontEnd, SIMULATED_PROTOCOLS, type SimulatedProtocol } from '../../src-main/devices/simulator/create-front-end.ts';
import { PortSimulator } from '../../src-main/devices/simulator/port-simulator.ts';
import { applyControl } from '../../src-main/devices/simulator/simulator-control.ts';
import { cliInteger, cliNumber, cliOptionalInteger } from '../cli-number.ts';

type Opts = Record<string, string | boolean | undefined>;

export function registerDeviceCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('parse-balance')
    .description('parse one balance line and print the typed reading or the typed refusal')
    .argument('<line>', 'the line as received (use --escapes for \\r, \\x06 ...)')
    .requiredOption('--protocol <protocol>', BALANCE_PROTOCOLS.join('|'))
    .option('--pattern <regex>', 'generic: the line pattern with named parts amount, sign, unit, status')
    .option('--fixed-unit <unit>', 'generic: the unit of a printer whose lines never carry one (pattern without a unit part)')
    .option('--stable-status <values>', 'generic: comma-separated status values meaning stable')
    .option('--escapes', 'decode \\r \\n \\t \\\\ and \\xHH in LINE')
    .option('--json', 'print JSON')
    .action((line: string, o: Opts) => setExit(parseBalance(io, line, o)));

  const balance = program.command('balance').description('talk to a balance on a serial port');
  for (const action of ['identify', 'read', 'stable', 'tare', 'zero', 'stream'] as const) {
    const c = balance
      .command(action)
      .description(ACTION_HELP[action])
      .requiredOption('--port <path>', 'serial port or pty, e.g. /dev/ttyUSB0')
      .requiredOption('--protocol <protocol>', BALANCE_PROTOCOLS.join('|'))
      .option('--baud <n>', 'baud rate (protocol default otherwise)')
      .option('--data-bits <n>', '7 or 8')
      .option('--parity <p>', 'none|even|odd|mark|space')
      .option('--stop-bits <n>', '1, 1.5 or 2')
      .option('--handshake <h>', 'none|rts-cts|xon-xoff')
      .option('--line-ending <e>', 'CRLF|CR|LF')
      .option('--no-auto-print', 'SBI: poll with ESC P instead of waiting for auto print')
      .option('--pattern <regex>', 'generic: line pattern')
      .option('--fixed-unit <unit>', 'generic: the unit of a printer whose lines never carry one')
      .option('--stable-status <values>', 'generic: status values meaning stable')
      .option('--timeout <ms>', 'command / stability timeout in ms', '10000')
      .option('--json', 'print JSON, one object per line');
    if (action === 'stream') c.option('--count <n>', 'stop after N readings').option('--seconds <s>', 'stop after S seconds');
    c.action(async (o: Opts) => setExit(await runBalance(io, action, o)));
  }

  program
    .command('simulate')
    .description('run simulated devices')
    .command('balance')
    .description(SIMULATE_HELP)
    .requiredOption('--protocol <protocol>', SIMULATED_PROTOCOLS.join('|'))
    .requiredOption('--link <path>', 'the pty (socat link) or serial port the balance sits on')
    .option('--baud <n>', 'baud rate', '9600')
    .option('--serial <sn>', 'serial number the balance reports', 'B123456789')
    .option('--settle <ms>', 'settling time after a load change', '600')
    .option('--interval <ms>', 'continuous output period (SIR, auto print)', '100')
    .option('--no-auto-print', 'SBI: print only on ESC P')
    .action(async (o: Opts) => setExit(await simulateBalance(io, o)));
}

const ACTION_HELP = {
  identify: 'print model, serial number, software, capacity and readability',
  read: 'print the current value, stable or not',
  stable: 'print the next stable value (fails with READING_NOT_STABLE after --timeout)',
  tare: 'tare the balance',
  zero: 'zero the balance',
  stream: 'print the continuous stream, one reading per line (needs --count or --seconds)',
} as const;

const SIMULATE_HELP = `run a simulated balance on one end of a pty pair. Make the pair with
  socat -d -d pty,raw,echo=0,link=/tmp/bal/a pty,raw,echo=0,link=/tmp/bal/b
run the simulator on /tmp/bal/a and point the station (or \`batchline balance\`) at /tmp/bal/b.
Control it by typing lines on stdin: place <n> <unit> | remove [<n> <unit>] | unstable on|off |
settle <ms> | drift <n> <unit> | slow <ms> | pan off|on | unplug | plug | reset | status | quit.
It prints "ready <path>" once the port is open and "lost <path>" if it vanishes (it then reopens).
It runs until "quit", SIGINT/SIGTERM or the end of stdin; to run it without a controller,
feed it an endless stdin: sleep infinity | batchline simulate balance ...`;

function codecOptions(o: Opts): CodecOptions {
  const generic = o['pattern']
    ? {
        pattern: String(o['pattern']),
        stableStatus: o['stableStatus'] ? String(o['stableStatus']).split(',') : undefined,
        defaultUnit: o['fixedUnit'] === undefined ? undefined : String(o['fixedUnit']),
      }
    : undefined;
  // No SBI unit option: a print without a unit is refused, never read in a configured unit.
  return { sbi: { autoPrint: o['autoPrint'] !== false }, generic };
}

function isMassUnitText(u: unknown): boolean {
  return typeof u === 'string' && isMassUnit(u);
}

function isProtocol(p: unknown): p is BalanceProtocol {
  return (BALANCE_PROTOCOLS as readonly unknown[]).includes(p);
}

function parseBalance(io: CliIo, lineArg: string, o: Opts): number {
  const protocol = o['protocol'];
  if (!isProtocol(protocol)) return usage(io, 'protocolUnknown', { protocol: String(protocol), protocols: BALANCE_PROTOCOLS.join(', ') });
  if (o['fixedUnit'] !== undefined && !isMassUnitText(o['fixedUnit'])) return usage(io, 'fixedUnitInvalid');
  const codec = createBalanceCodec(protocol, codecOptions(o));
  if (!codec.ok) return fail(io, o, codec.error, EXIT_USAGE);
  const line = o['escapes'] ? decodeEscapes(lineArg) : lineArg;
  const r = codec.value.parseLine(line.replace(/\r?\n$/, ''));
  if (!r.ok) return fail(io, o, r.error, EXIT_FAILED);
  if (o['json']) io.out(JSON.stringify({ ok: true, protocol, message: r.value }));
  else io.out(describeMessage(r.value, io));
  return EXIT_OK;
}

async function runBalance(io: CliIo, action: keyof typeof ACTION_HELP, o: Opts): Promise<number> {
  const protocol = o['protocol'];
  if (!isProtocol(protocol)) return usage(io, 'protocolUnknown', { protocol: String(protocol), protocols: BALANCE_PROTOCOLS.join(', ') });
  if (o['fixedUnit'] !== undefined && !isMassUnitText(o['fixedUnit'])) return usage(io, 'fixedUnitInvalid');
  const timeoutMs = cliInteger('--timeout', o['timeout'], 1, MAX_TIMER_MS);
  if (action === 'stream') {
    const limits = streamLimits(o);
    if (limits === null) return usage(io, 'streamNeedsEnd');
  }
  const settings = resolveSerialSettings(protocol, {
    baudRate: cliOptionalInteger('--baud', o['baud'], 1),
    dataBits: cliOptionalInteger('--data-bits', o['dataBits'], 1),
    parity: o['parity'],
    stopBits: o['stopBits'] === undefined ? undefined : cliNumber('--stop-bits', o['stopBits'], 1, 2),
    handshake: o['handshake'],
    lineEnding: o['lineEnding'],
  });
  if (!settings.ok) return fail(io, o, settings.error, EXIT_USAGE);
  const made = createSerialBalanceDriver({
    protocol,
    path: String(o['port']),
    settings: settings.value,
    codec: codecOptions(o),
    driver: { commandTimeoutMs: Math.min(timeoutMs, 2000), stableTimeoutMs: timeoutMs, ...(action === 'stream' ? {} : { reconnect: false as const }) },
  });
  if (!made.ok) return fail(io, o, made.error, EXIT_USAGE);
  const driver = made.value;
  const connected = await driver.connect();
  if (!connected.ok) return fail(io, o, connected.error, EXIT_USAGE);
  try {
    switch (action) {
      case 'identify':
        return report(io, o, await driver.identify(), (v) =>
          Object.entries(v)
            .map(([k, x]) => say(io, 'balanceIdentifyLine', { name: k, value: typeof x === 'object' && x !== null && 'unit' in x ? formatMass(x as Mass) : String(x) }))
            .join('\n'),
        );
      case 'read':
        return reportReading(io, o, await driver.readImmediate());
      case 'stable':
        return reportReading(io, o, await driver.readStable(timeoutMs));
      case 'tare':
        return report(io, o, await driver.tare(), (v) => (v.tare ? say(io, 'balanceTaredAt', { tare: formatMass(v.tare) }) : say(io, 'balanceTared')));
      case 'zero':
        return report(io, o, await driver.zero(), () => say(io, 'balanceZeroed'));
      case 'stream':
        return await stream(io, driver, o);
    }
  } finally {
    await driver.disconnect();
  }
}

/** The longest delay a Node timer keeps: a longer one fires at once (TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * --count and --seconds of `balance stream`, checked before the port opens (FR-138): a count of
 * 1.5, or seconds past what a timer holds (3000000 s fired after 1 ms), were taken.
 */
function streamLimits(o: Opts): { count: number; seconds: number } | null {
  const count = o['count'] === undefined ? Infinity : cliInteger('--count', o['count'], 1);
  const seconds = o['seconds'] === undefined ? Infinity : cliNumber('--seconds', o['seconds'], 0.001, Math.floor(MAX_TIMER_MS / 1000));
  if (count === Infinity && seconds === Infinity) return null;
  return { count, seconds };
}

/** `balance stream` (exported for its test). */
export async function stream(io: CliIo, driver: BalanceDriver, o: Opts): Promise<number> {
  const limits = streamLimits(o);
  if (limits === null) return usage(io, 'streamNeedsEnd');
  const { count, seconds } = limits;
  let seen = 0;
  let finish: () => void = () => undefined;
  let ended = false;
  const done = new Promise<void>((r) => (finish = () => ((ended = true), r())));
  const off = driver.on((e) => {
    // One serial chunk can carry several lines, parsed and told in one go: after the count (or the
    // time) nothing more is printed, whatever arrives before the listener is removed.
    if (ended) return;
    if (e.type === 'reading') {
      seen += 1;
      io.out(o['json'] ? JSON.stringify({ ok: true, reading: e.reading }) : describeReading(e.reading, io));
      if (seen >= count) finish();
    } else if (e.type !== 'unstable') {
      io.err(o['json'] ? JSON.stringify({ event: e }) : 'reason' in e ? say(io, 'balanceEventReason', { type: e.type, reason: e.reason }) : say(io, 'balanceEvent', { type: e.type }));
    }
  });
  const started = await driver.startStream();
  if (!started.ok) {
    off();
    return fail(io, o, started.error, EXIT_FAILED);
  }
  const timer = seconds === Infinity ? null : setTimeout(finish, seconds * 1000);
  await done;
  if (timer) clearTimeout(timer);
  off();
  await driver.stopStream();
  return EXIT_OK;
}

async function simulateBalance(io: CliIo, o: Opts): Promise<number> {
  const protocol = o['protocol'] as SimulatedProtocol;
  if (!(SIMULATED_PROTOCOLS as readonly string[]).includes(protocol)) return usage(io, 'simulateProtocols', { protocols: SIMULATED_PROTOCOLS.join(', ') });
  // FR-138: a baud rate of 0 was taken; delays past a timer's range fire at once.
  const baud = cliInteger('--baud', o['baud'], 1, MAX_TIMER_MS);
  const settle = cliInteger('--settle', o['settle'], 0, MAX_TIMER_MS);
  const interval = cliInteger('--interval', o['interval'], 5, MAX_TIMER_MS);
  const balance = new SimulatedBalance({ serialNumber: String(o['serial']), settlingMs: settle });
  const frontEnd = createFrontEnd(protocol, balance, { streamIntervalMs: interval, autoPrint: o['autoPrint'] !== false });
  const sim = new PortSimulator(frontEnd, String(o['link']), baud, {
    ready: (p) => io.out(say(io, 'simReady', { port: p })),
    lost: (p) => io.out(say(io, 'simLost', { port: p })),
  });
  sim.start();
  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    const end = () => {
      rl.close();
      process.off('SIGTERM', end);
      process.off('SIGINT', end);
      resolve();
    };
    rl.on('line', (line) => {
      const r = applyControl(balance, line);
      io.out(r.reply);
      if (r.quit) end();
    });
    rl.on('close', end);
    process.on('SIGTERM', end);
    process.on('SIGINT', end);
  });
  await sim.stop();
  return EXIT_OK;
}

function reportReading(io: CliIo, o: Opts, r: Result<WeightReading>): number {
  if (!r.ok) return fail(io, o, r.error, EXIT_FAILED);
  io.out(o['json'] ? JSON.stringify({ ok: true, reading: r.value }) : describeReading(r.value, io));
  return EXIT_OK;
}

function report<T>(io: CliIo, o: Opts, r: Result<T>, text: (v: T) => string): number {
  if (!r.ok) return fail(io, o, r.error, EXIT_FAILED);
  io.out(o['json'] ? JSON.stringify({ ok: true, value: r.value ?? null }) : text(r.value));
  return EXIT_OK;
}

const fail = (io: CliIo, o: Opts, error: BatchlineError, exit: number): number => printFailure(io, o['json'], error, exit);
const usage = refuseUsage;

function describeReading(r: WeightReading, io: CliIo): string {
  return say(io, r.stable ? 'readingStable' : 'readingUnstable', { mass: formatMass(r.mass) });
}

function describeMessage(m: BalanceMessage, io: CliIo): string {
  switch (m.kind) {
    case 'weight':
      return say(io, 'msgWeight', { role: m.role, reading: describeReading(m, io) });
    case 'status':
      return say(io, 'msgStatus', { status: m.status });
    case 'ack':
      return say(io, 'msgAck', { command: m.command ?? '' }).trim();
    case 'info':
      return say(io, 'msgInfo', { identity: JSON.stringify(m.identity) });
    case 'device-error':
      return say(io, 'msgDeviceError', { error: m.error, code: m.deviceCode });
  }
}

function decodeEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|r|n|t|\\)/g, (_, e: string) =>
    e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
}
