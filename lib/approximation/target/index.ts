export type { TargetNetwork } from './target';
export { TrivialTarget } from './trivial';
export { FixedTarget } from './fixed';
export { PolyakTarget } from './polyak';
