/** Picks the codec for a configured protocol; the one place that knows every protocol. */
import { ok, type Result } from '../../../src-shared/result.ts';
import type { BalanceCodec } from './balance-codec.ts';
import type { BalanceProtocol } from './balance-message.ts';
import { createMtSicsCodec } from './mt-sics.codec.ts';
import { createSbiCodec, DEFAULT_SBI_OPTIONS, type SbiOptions } from './sartorius-sbi.codec.ts';
import { createAndCodec, DEFAULT_AND_OPTIONS, type AndOptions } from './and-standard.codec.ts';
import { createGenericPrintCodec } from './generic-print.codec.ts';

export interface CodecOptions {
  readonly sbi?: Partial<SbiOptions>;
  readonly and?: Partial<AndOptions>;
  /** Required for the generic protocol: see GenericPrintConfigSchema. */
  readonly generic?: unknown;
}

export function createBalanceCodec(protocol: BalanceProtocol, options: CodecOptions = {}): Result<BalanceCodec> {
  switch (protocol) {
    case 'mt-sics':
      return ok(createMtSicsCodec());
    case 'sbi':
      return ok(createSbiCodec({ ...DEFAULT_SBI_OPTIONS, ...options.sbi }));
    case 'and':
      return ok(createAndCodec({ ...DEFAULT_AND_OPTIONS, ...options.and }));
    case 'generic':
      return createGenericPrintCodec(options.generic);
  }
}
