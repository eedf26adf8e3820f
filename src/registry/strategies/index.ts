export { hasBuiltinStrategy, strategyFor, type StrategyOptions } from './strategy-for.ts';
export { genericStrategy, type GenericStrategyOptions } from './generic.ts';
