/**
 * Recurrent Q-learning MinAtar preset (issue 14): the recurrent_q agent (lib/agents/recurrent_q.ts)
 * with the network issue 14 benchmarks, MLP(128) -> LSTM(128) -> MLP(512) -> Q over the flattened
 * 10x10xC frame, and jaxneurorl's defaults: discount 0.99, lambda 0.9, sequences of 20 steps,
 * global-norm clip 10, Adam epsilon 1e-5, target sync every 2,000 updates; R2D2's value rescaling,
 * priority exponent 0.9, eta 0.9.
 * Changed, and why: replay of 10,000 sequences (100,000 steps at overlap 10) and an epsilon decay
 * to 0.01 over 100,000 frames, MinAtar DQN's (Young and Tian 2019) scale, since jaxneurorl's are
 * tuned for its own vectorized actors.
 * Measured, MinAtar/Breakout-v1, 100,000 frames, greedy test mean of 100 episodes (train returns100):
 * seed 0 4.28 (3.64), seed 1 3.10 (1.61); mean 3.69, worst 3.10 (random play: about 0.5; the MinAtar
 * paper's DQN curve: about 5 at 100,000 frames). About 40-50 frames/s on one core.
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { RECURRENT_Q_HYPERPARAMETERS, RecurrentQPreset } from '../classic_control/recurrent_q';
import { count, epsilonDecay, explorationEnd, targetUpdates } from '../specs';

/** MinAtar recurrent Q hyperparameters (changes from the classic table in the file header). */
export const MINATAR_RECURRENT_Q_HYPERPARAMETERS = {
  ...RECURRENT_Q_HYPERPARAMETERS,
  ...targetUpdates(2000),
  replayStartSize: count(5000, 'frames stored before the first update', 0),
  replayBufferSize: count(10000, 'replay capacity in sequences'),
  valueRescaling: { default: 1, doc: "1 applies R2D2's value rescaling h to the targets", integer: true, min: 0, max: 1 },
  ...epsilonDecay(1.0, 0.01),
  ...explorationEnd(100000, 'frame count where the epsilon decay (from replayStartSize) ends'),
  hidden: count(128, 'width of the dense layer before the LSTM'),
  lstm: count(128, 'width of the LSTM'),
  head: count(512, 'width of the dense layer after the LSTM'),
} satisfies ParamSpecs;

/** `minatar.recurrent_q`: recurrent (LSTM) Q-learning on MinAtar games. */
export const recurrentQ = definePreset({
  id: 'recurrent_q', family: 'minatar', specs: MINATAR_RECURRENT_Q_HYPERPARAMETERS, preset: RecurrentQPreset,
  description: 'Recurrent Q-learning (R2D2 / jaxneurorl) on MinAtar: MLP -> LSTM -> MLP Q-network, sequence replay, Q(lambda)',
});
