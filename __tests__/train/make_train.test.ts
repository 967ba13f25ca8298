import { makeEnvironment } from '../../environments';
import { QNetwork } from '../../lib/approximation/q_network';
import { FixedTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { RecurrentQ } from '../../lib/agents/recurrent_q';
import { SequenceReplayBuffer } from '../../lib/memory/sequence_replay';
import { recurrentQModel } from '../../lib/nn/recurrent_q_model';
import { linearSchedule } from '../../lib/optim/schedules';
import { RECURRENT_Q_TRAIN_DEFAULTS, makeTrain, recurrentQTrainParts, type RecurrentQTrainConfig } from '../../lib/train/make_train';
import { tf } from '../../lib/tf';
import { nStepParts } from '../../examples/recurrent_n_step_q';
import * as allts from '../../index';

const CONFIG: RecurrentQTrainConfig = {
  ...RECURRENT_Q_TRAIN_DEFAULTS,
  frames: 250,
  hidden: 8,
  lstm: 8,
  head: 8,
  sequenceLength: 6,
  overlap: 2,
  replayStartSize: 80,
  minibatchSize: 4,
  finalExplorationStep: 200,
  testEpisodes: 5,
};

/** The RecurrentQ agent built from the same pieces and seeds, driven through the same loop as makeTrain's. */
function agentReturns(seed: number): number[] {
  const env = makeEnvironment('MemoryLength-bsuite', { memoryLength: 3 });
  const c = CONFIG;
  const rng = new Random(seed);
  const built = recurrentQModel(3, 2, new Random(seed), { hidden: [c.hidden], lstm: c.lstm, head: [c.head] });
  const q = new QNetwork(built.model, { lr: c.lr, eps: c.eps, clipGrad: c.clipGrad, target: new FixedTarget(c.targetUpdateFrequency) });
  const agentRng = rng.spawn();
  const replay = new SequenceReplayBuffer(c.replayBufferSize, {
    length: c.sequenceLength, overlap: c.overlap, burnIn: c.burnIn, rng: agentRng.spawn(), prioritized: { exponent: c.priorityExponent, beta: c.priorityBeta },
  });
  const agent = new RecurrentQ(
    { q, replay, lstmKey: built.lstmKey, stateSizes: [built.lstmSize, built.lstmSize], rng: agentRng },
    {
      discount: c.discount, lambda: c.lambda, valueRescaling: c.valueRescaling, priorityEta: c.priorityEta, minibatchSize: c.minibatchSize,
      replayStartSize: c.replayStartSize, updateFrequency: c.updateFrequency, actions: 2,
      epsilon: linearSchedule(c.initialExploration, c.finalExploration, c.replayStartSize, c.finalExplorationStep),
    },
  );
  const returns: number[] = [];
  let state = env.reset({ seed });
  let ret = 0;
  for (;;) {
    const a = agent.act(state);
    if (state.done) {
      returns.push(ret);
      if (agent.framesSeen >= c.frames) break;
      state = env.reset();
      ret = 0;
      continue;
    }
    state = env.step(a);
    ret += state.reward;
  }
  agent.dispose();
  q.dispose();
  return returns;
}

describe('makeTrain', () => {
  it('composed from the recurrent Q parts, gives the same training run as the RecurrentQ agent (same seed), and leaks no tensor', () => {
    const env = makeEnvironment('MemoryLength-bsuite', { memoryLength: 3 });
    const train = makeTrain(recurrentQTrainParts());
    const before = tf.memory().numTensors;
    const results = train(env, CONFIG, 7);
    // nothing remains: not the networks, not the target network's clone, nothing from acting or the ~45 updates
    expect(tf.memory().numTensors - before).toBe(0);
    expect(results.updates).toBeGreaterThan(30);
    expect(results.testReturns).toHaveLength(5);
    expect(results.trainingReturns).toEqual(agentReturns(7));
    expect(new Set(results.trainingReturns)).toEqual(new Set([-1, 1]));
  });

  it('swapping one function makes a new algorithm: the n-step example trains differently from Q(lambda)', () => {
    const env = makeEnvironment('MemoryLength-bsuite', { memoryLength: 3 });
    const logged: number[] = [];
    const qLambda = makeTrain({ ...recurrentQTrainParts(), makeLogger: () => ({ log: (m) => void (m.return !== undefined && logged.push(m.return)) }) })(env, CONFIG, 3);
    expect(logged).toEqual(qLambda.trainingReturns);
    const nStep = makeTrain(nStepParts(3))(env, CONFIG, 3);
    expect(nStep.updates).toBe(qLambda.updates);
    expect(nStep.trainingReturns).not.toEqual(qLambda.trainingReturns);
  });
});

describe('package root (issue 14)', () => {
  it('exports the recurrent Q API and the memory environments', () => {
    const root = allts as unknown as Record<string, unknown>;
    for (const name of ['Lstm', 'recurrentQModel', 'RecurrentQ', 'ParallelRecurrentQ', 'RecurrentQTestAgent', 'recurrentQLoss', 'makeTrain',
      'recurrentQTrainParts', 'SequenceReplayBuffer', 'sequencePriority', 'MemoryLength', 'apexEpsilons']) {
      expect(typeof root[name]).toBe('function');
    }
    const functional = root.functional as Record<string, unknown>;
    for (const name of ['qLambda', 'qLambdaTarget', 'signedHyperbolic', 'signedParabolic', 'transformedNStepQLearningTarget']) {
      expect(typeof functional[name]).toBe('function');
    }
    expect(Object.keys(root.classicControl as object)).toEqual(expect.arrayContaining(['recurrent_q', 'parallel_recurrent_q']));
  });
});
