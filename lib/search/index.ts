/**
 * Monte-Carlo tree search as pure functions (`mcts.puct`, `mcts.gumbel`) over a `SearchModel`;
 * the package root exports this module as `mcts`. See lib/search/mcts.ts for the papers.
 */
export * from './mcts';
export type { SearchModel, StepOutcome } from './model';
