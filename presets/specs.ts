/**
 * Hyperparameter spec fragments the presets share. Each group (discounting, Adam, replay,
 * epsilon-greedy exploration, PPO's clipping and epochs, rollouts, network widths, model names)
 * is written once here with its names, doc lines and bounds; a preset spreads the fragments into
 * its table with its own defaults, which stay ALL's defaults for that preset. Where a preset words
 * a doc line its own way (it explains a changed default, say), the fragment takes the doc.
 */
import type { ModelDefinition } from './models/registry';

/** A number >= 0 (rates, scales, exponents). */
export function nonNegative(value: number, doc: string) {
  return { default: value, doc, min: 0 };
}

/** A number in [0, 1] (discounts, probabilities, interpolation weights). */
export function unitInterval(value: number, doc: string) {
  return { default: value, doc, min: 0, max: 1 };
}

/** An integer >= `min` (sizes, counts, periods). */
export function count(value: number, doc: string, min = 1) {
  return { default: value, doc, integer: true, min };
}

/** `discountFactor`: gamma. */
export function discount(gamma: number) {
  return { discountFactor: unitInterval(gamma, 'discount factor gamma') };
}

/** `lr`: the Adam learning rate of the preset's networks. */
export function learningRate(lr: number, doc = 'Adam learning rate') {
  return { lr: nonNegative(lr, doc) };
}

/** `eps`: Adam's epsilon. */
export function adamEpsilon(eps: number) {
  return { eps: nonNegative(eps, "Adam's epsilon") };
}

/** `clipGrad`: the gradient-norm limit (0 disables); presets word which norm it limits. */
export function clipGrad(limit: number, doc: string) {
  return { clipGrad: nonNegative(limit, doc) };
}

/** `minibatchSize`, `updateFrequency`: how much and how often an off-policy agent trains. */
export function replayUpdates(minibatchSize: number, updateFrequency: number) {
  return {
    minibatchSize: count(minibatchSize, 'transitions per update'),
    updateFrequency: count(updateFrequency, 'environment frames between updates'),
  };
}

/** `targetUpdateFrequency`: updates between copies into a fixed target network. */
export function targetUpdates(every: number) {
  return { targetUpdateFrequency: count(every, 'updates between target-network refreshes') };
}

/** `replayStartSize`, `replayBufferSize`: when replay training starts and how much it holds. */
export function replayMemory(startSize: number, bufferSize: number, startDoc = 'frames stored before the first update') {
  return {
    replayStartSize: count(startSize, startDoc, 0),
    replayBufferSize: count(bufferSize, 'replay capacity in transitions'),
  };
}

/** `alpha`, `beta`: the exponents of prioritized replay. */
export function priorities(alpha: number, beta: number) {
  return {
    alpha: nonNegative(alpha, 'prioritization exponent of the replay buffer'),
    beta: nonNegative(beta, 'importance-sampling exponent of the replay buffer'),
  };
}

/** `initialExploration`, `finalExploration`: the ends of an epsilon decay. */
export function epsilonDecay(initial: number, final: number, docs: { initial?: string; final?: string } = {}) {
  return {
    initialExploration: unitInterval(initial, docs.initial ?? 'epsilon at the start'),
    finalExploration: unitInterval(final, docs.final ?? 'epsilon after the decay'),
  };
}

/** `finalExplorationStep`: where the epsilon decay ends; presets word how they count it. */
export function explorationEnd(frames: number, doc: string) {
  return { finalExplorationStep: count(frames, doc, 0) };
}

/** `testExploration`: the test agent's epsilon. */
export function testEpsilon(epsilon: number, doc = 'epsilon of the test agent') {
  return { testExploration: unitInterval(epsilon, doc) };
}

/** `atoms`, `vMin`, `vMax`: the support of a categorical return distribution. */
export function atomSupport(atoms: number, vMin: number, vMax: number) {
  return {
    atoms: count(atoms, 'atoms of each return distribution', 2),
    vMin: { default: vMin, doc: 'smallest atom, in return units' },
    vMax: { default: vMax, doc: 'largest atom, in return units' },
  };
}

/** `nEnvs`: copies of the environment stepped together. */
export function parallelEnvs(n: number, doc = 'parallel environment copies') {
  return { nEnvs: count(n, doc) };
}

/** `nEnvs`, `nSteps`: the rollout of an n-step actor-critic (a2c, ppo). */
export function rollouts(nEnvs: number, nSteps: number, stepsDoc: string) {
  return { ...parallelEnvs(nEnvs, 'environments stepped in parallel'), nSteps: count(nSteps, stepsDoc) };
}

/** `entropyLossScaling`, `valueLossScaling`: the loss weights of a2c and ppo. */
export function lossWeights(entropy: number, value: number, entropyDoc = 'weight of the entropy bonus in the policy loss') {
  return {
    entropyLossScaling: nonNegative(entropy, entropyDoc),
    valueLossScaling: nonNegative(value, 'weight of the value loss (mse)'),
  };
}

/** `clipInitial`, `clipFinal`: PPO's clip epsilon, scheduled over training. */
export function ppoClipping(initial: number, final: number) {
  return {
    clipInitial: { default: initial, doc: 'clip epsilon of the surrogate objective at the start of training', min: 0, max: 0.999 },
    clipFinal: { default: final, doc: 'clip epsilon at the end of training (trainSteps frames)', min: 0, max: 0.999 },
  };
}

/** `epochs`, `minibatches`: PPO's passes over each rollout. */
export function ppoEpochs(epochs: number, minibatches: number) {
  return { epochs: count(epochs, 'passes over each rollout'), minibatches: count(minibatches, 'minibatches per pass') };
}

/** `lam`: the GAE lambda. */
export function gae(lam: number) {
  return { lam: unitInterval(lam, 'GAE lambda') };
}

/** `hidden`: the width of a one-hidden-layer network; presets say which layer. */
export function hidden(width: number, doc = 'width of the hidden layer') {
  return { hidden: count(width, doc) };
}

/** `hidden1`, `hidden2`: the widths of two-hidden-layer networks (`which` networks, e.g. 'both networks'). */
export function hiddenWidths(first: number, second: number, which: string) {
  return {
    hidden1: count(first, `width of the first hidden layer of ${which}`),
    hidden2: count(second, `width of the second hidden layer of ${which}`),
  };
}

/** `testGreedy`: the test agent acts deterministically instead of sampling as ALL's does. */
export function testGreedy(doc = "test agent takes the most probable action (false: samples, as ALL's test agent)") {
  return { testGreedy: { default: true, doc } };
}

/**
 * The spec of a model-name hyperparameter: its default is `model`'s registry name and its value
 * must name a registered model of the same kind (checked when set).
 * @param role which network it builds, e.g. 'Q network'
 */
export function modelSpec(model: ModelDefinition, role: string) {
  return {
    default: model.name,
    doc: `${role}: name of a registered ${model.kind} model (presets/models/registry.ts); default ${model.name}: ${model.doc}`,
    model: model.kind,
  };
}

/**
 * `annealLr`: cosine-anneal every learning rate of the preset to 0 over the updates the training
 * run will make (Loshchilov & Hutter 2017), as ALL's vqn, vsarsa, ppo and continuous presets do.
 * A learner whose step size stays large keeps moving until the last update, so the policy it
 * hands to the test agent is a snapshot of an oscillation; annealed, it settles.
 */
export function annealLr(on: boolean, doc = 'cosine-anneal the learning rates to 0 over the training run (constant when the run length is unknown)') {
  return { annealLr: { default: on, doc } };
}
