import { ConfigError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import type { State } from '../../lib/core/state';
import type { ObservationRef, ObservedTransition, ReplayBatch, TransitionReplayBuffer } from '../../lib/memory/types';
import { s1 } from './states';

/** An inner buffer that records what it is given, as plain numbers. */
class Recorder implements TransitionReplayBuffer {
  readonly stored: { state: number; action: number; reward: number; next: number; steps: number; mask: number }[] = [];
  readonly updates: unknown[] = [];
  get length(): number {
    return this.stored.length;
  }
  store(): void {
    throw new Error('the n-step wrapper must call storeTransition');
  }
  /** The first value of each observation observed, by reference. */
  readonly observed: number[] = [];
  storeTransition(): void {
    throw new Error('the n-step wrapper must observe, then call storeObserved');
  }
  observe(state: State): ObservationRef {
    this.observed.push(state.observation[0]!);
    return this.observed.length - 1;
  }
  storeObserved(t: ObservedTransition): void {
    this.stored.push({
      state: this.observed[t.state]!,
      action: t.action as number,
      reward: t.reward,
      next: this.observed[t.nextState]!,
      steps: t.steps,
      mask: t.nextMask,
    });
  }
  sample(batchSize: number): ReplayBatch {
    return { size: batchSize } as ReplayBatch;
  }
  updatePriorities(indices: Int32Array | readonly number[], priorities: ArrayLike<number>): void {
    this.updates.push([indices, priorities]);
  }
}

describe('NStepReplayBuffer', () => {
  it('stores every transition of a 5-step episode with n = 3, gamma = 0.5 (by hand)', () => {
    // Episode s0..s5 (observation k), action k taken in s_k, reward k + 1 on arriving in s_{k+1},
    // s5 terminated. Expected transitions, in the order they are stored:
    //   s0: 1 + 0.5*2 + 0.25*3 = 2.75 -> s3, 3 steps (stored when the 3rd step arrives)
    //   s1: 2 + 0.5*3 + 0.25*4 = 4.5  -> s4, 3 steps
    //   s2: 3 + 0.5*4 + 0.25*5 = 6.25 -> s5, 3 steps, mask 0     } all three stored when
    //   s3: 4 + 0.5*5          = 6.5  -> s5, 2 steps, mask 0     } s5 (done) arrives
    //   s4: 5                  = 5    -> s5, 1 step,  mask 0     }
    const inner = new Recorder();
    const buffer = new NStepReplayBuffer(3, 0.5, inner);
    const lengths: number[] = [];
    for (let k = 0; k < 5; k++) {
      buffer.store(s1(k), k, s1(k + 1, k + 1, { terminated: k === 4 }));
      lengths.push(buffer.length);
    }
    expect(lengths).toEqual([0, 0, 1, 2, 5]);
    expect(inner.stored).toEqual([
      { state: 0, action: 0, reward: 2.75, next: 3, steps: 3, mask: 1 },
      { state: 1, action: 1, reward: 4.5, next: 4, steps: 3, mask: 1 },
      { state: 2, action: 2, reward: 6.25, next: 5, steps: 3, mask: 0 },
      { state: 3, action: 3, reward: 6.5, next: 5, steps: 2, mask: 0 },
      { state: 4, action: 4, reward: 5, next: 5, steps: 1, mask: 0 },
    ]);

    // The step out of the terminal state is ignored; the next episode starts afresh, and a
    // truncation flushes too but keeps mask 1 (it bootstraps):
    //   s10: 10 + 0.5*20 = 20 -> s12, 2 steps, mask 1;  s11: 20 -> s12, 1 step, mask 1
    buffer.store(s1(5, 5, { terminated: true }), 9, s1(10));
    buffer.store(s1(10), 0, s1(11, 10));
    expect(buffer.length).toBe(5); // nothing crossed the episode boundary
    buffer.store(s1(11), 1, s1(12, 20, { truncated: true }));
    expect(inner.stored.slice(5)).toEqual([
      { state: 10, action: 0, reward: 20, next: 12, steps: 2, mask: 1 },
      { state: 11, action: 1, reward: 20, next: 12, steps: 1, mask: 1 },
    ]);
  });

  it('with n = 1 stores plain one-step transitions; gamma = 0 keeps only the first reward', () => {
    const one = new Recorder();
    const b1 = new NStepReplayBuffer(1, 0.9, one);
    b1.store(s1(0), 1, s1(1, 7));
    expect(one.stored).toEqual([{ state: 0, action: 1, reward: 7, next: 1, steps: 1, mask: 1 }]);
    const zero = new Recorder();
    const b0 = new NStepReplayBuffer(2, 0, zero); // ALL's running update divides by gamma here
    b0.store(s1(0), 0, s1(1, 3));
    b0.store(s1(1), 0, s1(2, 4));
    b0.store(s1(2), 0, s1(3, 5));
    expect(zero.stored.map((t) => [t.reward, t.steps])).toEqual([
      [3, 2],
      [4, 2],
    ]);
  });

  it('feeds a real buffer: batches carry the n-step reward, steps and mask; sample and updatePriorities delegate', () => {
    const inner = new PrioritizedReplayBuffer(8, { alpha: 1, beta: 1, epsilon: 0, rng: new Random(3) });
    const buffer = new NStepReplayBuffer(2, 0.5, inner);
    const action = Float32Array.from([1, 2]);
    buffer.store(s1(0), action, s1(1, 1));
    action[0] = 9; // pending actions are copies
    buffer.store(s1(1), Float32Array.from([3, 4]), s1(2, 4, { terminated: true }));
    // s0: 1 + 0.5*4 = 3 -> s2 (2 steps, mask 0); s1: 4 -> s2 (1 step, mask 0)
    expect(buffer.length).toBe(2);
    expect(buffer.usesPriorities).toBe(true);
    expect(new NStepReplayBuffer(2, 0.5, new ExperienceReplayBuffer(4, { rng: new Random(0) })).usesPriorities).toBe(false);
    buffer.updatePriorities([0, 1], [2, 3]); // delegated: the inner buffer's masses change
    expect([inner.priority(0), inner.priority(1)]).toEqual([2, 3]);
    const batch = buffer.sample(16);
    const seen = new Set<number>();
    for (let i = 0; i < batch.size; i++) {
      const slot = batch.indices[i]!;
      expect(batch.states[i]).toBe(slot);
      seen.add(slot);
      expect(batch.rewards[i]).toBe(slot === 0 ? 3 : 4);
      expect(batch.steps[i]).toBe(slot === 0 ? 2 : 1);
      expect(batch.nextStates[i]).toBe(2);
      expect(batch.nextMasks[i]).toBe(0);
      expect([batch.actions[2 * i], batch.actions[2 * i + 1]]).toEqual(slot === 0 ? [1, 2] : [3, 4]);
    }
    expect([...seen].sort()).toEqual([0, 1]);
    const rec = new Recorder();
    const wrapped = new NStepReplayBuffer(2, 0.5, rec);
    expect(wrapped.sample(5).size).toBe(5);
    wrapped.updatePriorities([1], [2]);
    expect(rec.updates).toEqual([[[1], [2]]]);
  });

  it('stores into a uniform buffer too', () => {
    const inner = new ExperienceReplayBuffer(4, { rng: new Random(0) });
    const buffer = new NStepReplayBuffer(3, 0.5, inner);
    for (let k = 0; k < 3; k++) buffer.store(s1(k), k, s1(k + 1, 1));
    expect(buffer.length).toBe(1);
    const batch = buffer.sample(1);
    // 1 + 0.5 + 0.25
    expect([batch.rewards[0], batch.steps[0], batch.states[0], batch.nextStates[0]]).toEqual([1.75, 3, 0, 3]);
  });

  it('rejects bad n and discount', () => {
    expect(() => new NStepReplayBuffer(0, 0.9, new Recorder())).toThrow(ConfigError);
    expect(() => new NStepReplayBuffer(2.5, 0.9, new Recorder())).toThrow(ConfigError);
    expect(() => new NStepReplayBuffer(2, 1.5, new Recorder())).toThrow(ConfigError);
  });
});
