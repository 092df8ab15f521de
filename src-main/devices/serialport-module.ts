/**
 * serialport (and its line parser), loaded at the first serial port a station opens rather than
 * with the station (issue 16, start in a blink): a station with simulated or network devices
 * only never needs it, and loading it was part of every start. The loader keeps the module, so
 * every later port gets the same one at once. A module that cannot load (no native binding for
 * this machine) is that port's open failure, as a typed result; it no longer stops the start.
 */
import { err, ok, type Result } from '../../src-shared/result.ts';

export type SerialPortModule = typeof import('serialport');
export type ReadlineParserModule = typeof import('@serialport/parser-readline');

export async function loadSerialPort(path: string): Promise<Result<SerialPortModule>> {
  try {
    return ok(await import('serialport'));
  } catch (e) {
    return err('DEVICE_PORT_OPEN_FAILED', `${path}: serialport cannot load: ${(e as Error).message}`, { path });
  }
}

export async function loadReadlineParser(path: string): Promise<Result<ReadlineParserModule>> {
  try {
    return ok(await import('@serialport/parser-readline'));
  } catch (e) {
    return err('DEVICE_PORT_OPEN_FAILED', `${path}: the serial line parser cannot load: ${(e as Error).message}`, { path });
  }
}
