import { DelayedPolyakTarget, TD3 } from '../../lib/agents/td3';
import { batchTensors } from '../../lib/agents/replay_batch';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import { State } from '../../lib/core/state';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { makeEnvironment } from '../../environments/registry';
import { continuous } from '../../presets/continuous';
import { tf } from '../../lib/tf';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';
import { continuousSmokeTests, drive, oneTransition, SMALL } from './continuous_smoke';

describe('td3 preset', () => continuousSmokeTests('td3'));

/**
 * A TD3 agent on 1-D observations and actions in [-2, 2] (half range 2):
 * mu(s) = 2 tanh(s), Q1(s, a) = s + 2a + 0.5, Q2(s, a) = s - a; gamma 0.9, sigma 0.2, c 0.5.
 */
function makeAgent(warmUp: { replayStartSize: number; randomWarmUp?: boolean } = { replayStartSize: 0 }): TD3 {
  const space = new Box(-2, 2, [1]);
  const q1Target = new DelayedPolyakTarget(0.005);
  const q2Target = new DelayedPolyakTarget(0.005);
  const q1 = new QContinuous(fixedLinear([[1], [2]], [0.5]), { name: 'q1', target: q1Target });
  const q2 = new QContinuous(fixedLinear([[1], [-1]], [0]), { name: 'q2', target: q2Target });
  const policy = new DeterministicPolicy(fixedLinear([[1]], [0]), space, { target: new PolyakTarget(0.005) });
  return new TD3(q1, q2, policy, q1Target, q2Target, new ExperienceReplayBuffer(10, { rng: new Random(0) }), new Random(1), {
    discountFactor: 0.9,
    minibatchSize: 1,
    noise: 0.1,
    policyNoise: 0.2,
    noiseClip: 0.5,
    policyUpdateFrequency: 2,
    updateFrequency: 1,
    ...warmUp,
  });
}

function dispose(agent: TD3): void {
  agent.q1.dispose();
  agent.q2.dispose();
  agent.policy.dispose();
}

describe('TD3 target policy smoothing', () => {
  it('draws N(0, (0.2 * halfRange)^2) noise clipped to 0.5 * halfRange', () => {
    const agent = makeAgent();
    const noise = agent.sampleTargetNoise(20000);
    let squares = 0;
    let clipped = 0;
    for (const v of noise) {
      expect(Math.abs(v)).toBeLessThanOrEqual(1); // c = 0.5 * 2
      if (Math.abs(v) === 1) clipped++;
      squares += v * v;
    }
    // sigma = 0.2 * 2 = 0.4; P(|N(0, 0.4^2)| > 1) = P(|z| > 2.5) = 1.24%; clipping barely shrinks the std
    expect(clipped / noise.length).toBeGreaterThan(0.008);
    expect(clipped / noise.length).toBeLessThan(0.017);
    expect(Math.sqrt(squares / noise.length)).toBeGreaterThan(0.38);
    expect(Math.sqrt(squares / noise.length)).toBeLessThan(0.41);
    dispose(agent);
  });

  it('computes r + gamma * mask * min(Q1\', Q2\')(s\', clip(mu\'(s\') + noise, low, high)) (by hand)', () => {
    const agent = makeAgent();
    // two transitions, s' = 0.5 and s' = 1.5, noise +0.3 and +1 (already clipped):
    // mu'(0.5) = 2 tanh(0.5) = 0.924234; + 0.3 = 1.224234 (inside the box)
    //   Q1' = 0.5 + 2.448469 + 0.5 = 3.448469, Q2' = 0.5 - 1.224234 = -0.724234 -> min -0.724234
    //   target = 1 + 0.9 * -0.724234 = 0.348189
    // mu'(1.5) = 2 tanh(1.5) = 1.810296; + 1 = 2.810296 -> clipped to 2
    //   Q1' = 1.5 + 4 + 0.5 = 6, Q2' = 1.5 - 2 = -0.5 -> min -0.5; mask 0 (terminal) -> target = r = -2
    const batch = {
      ...oneTransition(0, 0, 1, 0.5, 1),
      size: 2,
      states: Float32Array.of(0, 0),
      actions: Float32Array.of(0, 0),
      rewards: Float32Array.of(1, -2),
      nextStates: Float32Array.of(0.5, 1.5),
      nextMasks: Float32Array.of(1, 0),
      steps: Int32Array.of(1, 1),
      weights: Float32Array.of(1, 1),
      indices: Int32Array.of(0, 1),
    };
    const targets = tf.tidy(() => take(agent.criticTargets(batchTensors(batch, 0.9), Float32Array.of(0.3, 1))));
    expectClose(targets, [0.348189, -2], 1e-5);
    // with the terminal mask lifted, the clipped action 2 is used: 1 + 0.9 * -0.5 = 0.55
    const open = { ...batch, nextMasks: Float32Array.of(1, 1), rewards: Float32Array.of(1, 1) };
    const t2 = tf.tidy(() => take(agent.criticTargets(batchTensors(open, 0.9), Float32Array.of(0.3, 1))));
    expectClose(t2, [0.348189, 0.55], 1e-5);
    dispose(agent);
  });
});

describe('TD3 delayed updates', () => {
  it('changes the actor and all targets only on every 2nd critic update; the critics on every one', () => {
    const agent = makeAgent();
    const s = tf.tensor2d([[0.7]]);
    const a = tf.tensor2d([[0.3]]);
    const read = () => ({
      actor: take(agent.policy.actions(s))[0]!,
      actorTarget: take(agent.policy.targetActions(s))[0]!,
      q1: take(agent.q1.evalAt(s, a))[0]!,
      q1Target: take(agent.q1.targetAt(s, a))[0]!,
      q2Target: take(agent.q2.targetAt(s, a))[0]!,
    });
    let prev = read();
    for (let k = 1; k <= 4; k++) {
      agent.trainOn(oneTransition(0.7, 0.3, 1, 0.2, 1));
      const now = read();
      expect(agent.updates).toBe(k);
      expect(now.q1).not.toBe(prev.q1);
      const delayed = k % 2 === 0;
      for (const key of ['actor', 'actorTarget', 'q1Target', 'q2Target'] as const) {
        if (delayed) expect(now[key]).not.toBe(prev[key]);
        else expect(now[key]).toBe(prev[key]);
      }
      prev = now;
    }
    expect(agent.policy.updates).toBe(2);
    expect(agent.q1.updates).toBe(4);
    tf.dispose([s, a]);
    dispose(agent);
  });

  it('the preset trains the actor at half the critics\' rate', () => {
    const env = makeEnvironment('Pendulum-v1');
    const preset = continuous.td3.env(env).hyperparameters(SMALL).seed(4).build();
    const agent = preset.agent({ trainSteps: 1000 }) as TD3;
    drive(agent, env, 151); // 151 frames, replay start 50: updates on frames 51..151 = 101
    expect(agent.q1.updates).toBe(101);
    expect(agent.q2.updates).toBe(101);
    expect(agent.policy.updates).toBe(50);
    preset.dispose();
  });
});

describe('TD3 random warm-up', () => {
  /** Actions of `n` acts in the state s = 0.7, where the policy's action is 2 tanh(0.7) = 1.21. */
  const actions = (agent: TD3, n: number) => Array.from({ length: n }, () => (agent.act(new State({ observation: [0.7] })) as Float32Array)[0]!);

  it('acts uniformly in the Box until the first update, then with the policy plus noise', () => {
    const agent = makeAgent({ replayStartSize: 400, randomWarmUp: true });
    const warm = actions(agent, 400);
    const after = actions(agent, 100);
    // uniform on [-2, 2]: mean 0, a quarter below -1; policy + N(0, 0.2^2) would be 1.21 +- 0.6
    const mean = warm.reduce((a, b) => a + b, 0) / warm.length;
    expect(Math.abs(mean)).toBeLessThan(0.25);
    const low = warm.filter((a) => a < -1).length / warm.length;
    expect(low).toBeGreaterThan(0.18);
    expect(low).toBeLessThan(0.32);
    expect(Math.min(...warm)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...warm)).toBeLessThanOrEqual(2);
    expect(agent.updates).toBe(100);
    // after the warm-up the actor (trained 50 times, by small steps) still acts near 1.21
    for (const a of after) expect(Math.abs(a - 2 * Math.tanh(0.7))).toBeLessThan(1);
    dispose(agent);
  });

  it('without it, acts with the policy plus noise from the first frame (ALL\'s DDPG)', () => {
    const agent = makeAgent({ replayStartSize: 400 });
    for (const a of actions(agent, 200)) expect(Math.abs(a - 2 * Math.tanh(0.7))).toBeLessThan(1);
    dispose(agent);
  });

  it('is off by default in td3 and ddpg (ALL\'s DDPG acts with policy + noise from the start)', () => {
    expect(continuous.td3.specs.randomWarmUp.default).toBe(false);
    expect(continuous.ddpg.specs.randomWarmUp.default).toBe(false);
  });
});
