/**
 * Builds the driver for one configured balance on a serial port (or a pty). The composition
 * root and the CLI call this; tests build ProtocolBalanceDriver with other transports.
 */
import { ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceDriver, BalanceDriverOptions } from './balance-driver.ts';
import type { BalanceProtocol } from './balance-message.ts';
import { createBalanceCodec, type CodecOptions } from './create-codec.ts';
import { ProtocolBalanceDriver } from './protocol-balance-driver.ts';
import { SerialPortTransport, type PortFactory } from './balance-transport.ts';
import type { SerialSettings } from './serial-settings.ts';

export interface BalancePortConfig {
  readonly protocol: BalanceProtocol;
  readonly path: string;
  readonly settings: SerialSettings;
  readonly codec?: CodecOptions;
  readonly driver?: Partial<BalanceDriverOptions>;
  /** serialport's SerialPortMock for tests; the real port otherwise. */
  readonly portFactory?: PortFactory;
}

export function createSerialBalanceDriver(config: BalancePortConfig): Result<BalanceDriver> {
  const codec = createBalanceCodec(config.protocol, config.codec);
  if (!codec.ok) return codec;
  const transport = new SerialPortTransport(config.path, config.settings, config.portFactory);
  return ok(new ProtocolBalanceDriver(codec.value, transport, config.settings, config.driver));
}
