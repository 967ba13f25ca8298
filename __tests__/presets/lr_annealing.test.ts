/**
 * `annealLr` (issue 10): with it, a preset's learning rates follow a cosine from their initial
 * value to 0 over the updates the run will make (counted per preset); without it, or when the run
 * length is unknown, they stay constant. Golden values: cos schedule at half the updates is half
 * the initial rate; at the end it is 0.
 */
import { makeEnvironment } from '../../environments/registry';
import type { Agent } from '../../lib/agents/agent';
import { annealedLr, replayUpdateCount } from '../../presets/lr_annealing';
import { ddqn } from '../../presets/classic_control/ddqn';
import { vac } from '../../presets/classic_control/vac';
import { td3 } from '../../presets/continuous/td3';
import { drive, driveParallel } from '../helpers/drive';

describe('annealedLr', () => {
  it('is a cosine from lr to 0 over the updates when on', () => {
    const s = annealedLr(1e-3, 1000, true);
    expect(s(0)).toBeCloseTo(1e-3, 12);
    expect(s(500)).toBeCloseTo(5e-4, 12);
    expect(s(250)).toBeCloseTo(1e-3 * (1 + Math.cos(Math.PI / 4)) / 2, 12);
    expect(s(1000)).toBe(0);
    expect(s(5000)).toBe(0);
  });

  it('is constant when off, or when the run length is unknown', () => {
    expect(annealedLr(1e-3, 1000, false)(700)).toBe(1e-3);
    expect(annealedLr(1e-3, Infinity, true)(700)).toBe(1e-3);
    expect(annealedLr(1e-3, NaN, true)(700)).toBe(1e-3);
  });

  it('counts a replay agent\'s updates as ALL does: (trainSteps - replayStartSize) / updateFrequency', () => {
    expect(replayUpdateCount(50_000, { replayStartSize: 1000, updateFrequency: 1 })).toBe(49_000);
    expect(replayUpdateCount(50_000, { replayStartSize: 1000, updateFrequency: 4 })).toBe(12_250);
    expect(replayUpdateCount(undefined, { replayStartSize: 1000, updateFrequency: 1 })).toBe(Infinity);
  });
});

describe('presets with annealLr', () => {
  it('ddqn: halfway through the updates of a 300-frame run the rate is half of lr', () => {
    const env = makeEnvironment('CartPole-v0');
    // 200 updates: frames 101..300 after 100 stored (replayStartSize 100, one update per frame)
    const preset = ddqn.hyperparameters({ annealLr: true, replayStartSize: 100, hidden: 16 }).env(env).seed(3).build();
    const agent = preset.agent({ trainSteps: 300 });
    drive(agent as Agent, env, 200); // 100 updates
    expect(agent.q.updates).toBe(100);
    expect(agent.q.learningRate).toBeCloseTo(5e-4, 10);
    preset.dispose();
  });

  it('ddqn without annealLr keeps lr', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = ddqn.hyperparameters({ annealLr: false, replayStartSize: 100, hidden: 16 }).env(env).seed(3).build();
    const agent = preset.agent({ trainSteps: 300 });
    drive(agent as Agent, env, 200);
    expect(agent.q.updates).toBe(100);
    expect(agent.q.learningRate).toBe(1e-3);
    preset.dispose();
  });

  it.each([true, false])('td3 (continuous) with annealLr %s: halfway through its updates the critics are at half of lrQ, or at lrQ', (anneal) => {
    const env = makeEnvironment('Pendulum-v1');
    // 200 critic updates: frames 101..300 after 100 stored; the actor updates every 2nd one
    const preset = td3.hyperparameters({ annealLr: anneal, replayStartSize: 100, minibatchSize: 16, hidden1: 16, hidden2: 16 }).env(env).seed(3).build();
    const agent = preset.agent({ trainSteps: 300 });
    drive(agent as Agent, env, 200); // 100 critic updates
    const lrQ = preset.hyperparameters.lrQ as number;
    expect(agent.q1.updates).toBe(100);
    expect(agent.q1.learningRate).toBeCloseTo(anneal ? lrQ / 2 : lrQ, 10);
    expect(agent.q2.learningRate).toBeCloseTo(anneal ? lrQ / 2 : lrQ, 10);
    preset.dispose();
  });

  it('vac anneals every network over trainSteps / nEnvs updates (the value head over valueSteps times as many steps)', () => {
    const preset = vac.hyperparameters({ annealLr: true, nEnvs: 4 }).env(makeEnvironment('CartPole-v0')).seed(3).build();
    const agent = preset.agent({ trainSteps: 800 }); // 200 updates
    driveParallel(agent, makeEnvironment('CartPole-v0'), 4, 101); // one update per step after the first
    const { v, policy } = agent as unknown as Record<'v' | 'policy', { learningRate: number; updates: number }>;
    expect(v.updates).toBe(100 * (preset.hyperparameters.valueSteps as number)); // 4 value-head steps per update
    expect(v.learningRate).toBeCloseTo((preset.hyperparameters.lrV as number) / 2, 10);
    expect(policy.learningRate).toBeCloseTo((preset.hyperparameters.lrPi as number) / 2, 10);
    preset.dispose();
  });
});
