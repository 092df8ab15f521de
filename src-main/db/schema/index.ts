export * from './ledger.ts';
export * from './station.ts';
export * from './master-data.ts';
