export * from './ledger.ts';
export * from './station.ts';
