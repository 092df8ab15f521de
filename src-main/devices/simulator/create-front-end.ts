/** Builds the protocol front-end a simulated balance speaks through. */
import type { SimulatedBalance } from './simulated-balance.ts';
import type { SimulatorFrontEnd, FrontEndOptions } from './simulator-front-end.ts';
import { MtSicsFrontEnd } from './mt-sics-front-end.ts';
import { SbiFrontEnd } from './sbi-front-end.ts';
import { AndFrontEnd } from './and-front-end.ts';

export const SIMULATED_PROTOCOLS = ['mt-sics', 'sbi', 'and'] as const;
export type SimulatedProtocol = (typeof SIMULATED_PROTOCOLS)[number];

export interface CreateFrontEndOptions extends Partial<FrontEndOptions> {
  /** SBI only: print by itself at `streamIntervalMs` (default true). */
  readonly autoPrint?: boolean;
}

export function createFrontEnd(protocol: SimulatedProtocol, balance: SimulatedBalance, options: CreateFrontEndOptions = {}): SimulatorFrontEnd {
  switch (protocol) {
    case 'mt-sics':
      return new MtSicsFrontEnd(balance, options);
    case 'sbi':
      return new SbiFrontEnd(balance, options);
    case 'and':
      return new AndFrontEnd(balance, options);
  }
}
