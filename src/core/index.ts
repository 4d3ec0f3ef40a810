export * from './ports.ts';
export * from './rng.ts';
export * from './backoff.ts';
export * from './classify.ts';
export * from './strategies.ts';
export * from './trade-plan.ts';
export * from './workflow.ts';
export type { Dialect } from './dialects/dialect.ts';
export { genesysLegacy } from './dialects/genesys-legacy.ts';
