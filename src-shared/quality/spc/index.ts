/** SPC for the hub and the console (issue 12 item 3): pure functions, no I/O. */
export * from './constants.ts';
export * from './charts.ts';
export * from './rules.ts';
export * from './capability.ts';
export { chiSquareQuantile, normalQuantile } from './distributions.ts';
