/**
 * lib/agents/loops: the shared host row gather, the rollout rows and minibatches, the online
 * batch, the update clock, and the order of the replay and online loops (store -> train -> act;
 * train-then-act or act-then-train).
 */
import type { State } from '../../lib/core/state';
import { Random } from '../../lib/core/random';
import { StateArray } from '../../lib/core/state';
import { ShapeError } from '../../lib/core/errors';
import type { ReplayBatch, ReplayBuffer, RolloutBatch } from '../../lib/memory/types';
import { gatherRows, keptRows } from '../../lib/agents/loops/rows';
import { permutation, selectRows, shuffledMinibatches, validRows, type ValidRows } from '../../lib/agents/loops/rollout_agent';
import { OnlineAgent, type OnlineBatch } from '../../lib/agents/loops/online_agent';
import { ReplayAgent } from '../../lib/agents/loops/replay_agent';
import { UpdateClock } from '../../lib/agents/loops/update_clock';
import { states1d } from './on_policy_helpers';

describe('gatherRows and keptRows', () => {
  it('copies the same rows of columns of any width and type, in the order asked', () => {
    const out = gatherRows({ a: Float32Array.of(1, 2, 3, 4, 5, 6), b: Int32Array.of(7, 8, 9) }, 3, [2, 0, 2]);
    expect(out.a).toBeInstanceOf(Float32Array);
    expect(out.b).toBeInstanceOf(Int32Array);
    expect(Array.from(out.a)).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(out.b)).toEqual([9, 7, 9]);
  });

  it('rejects a column that is not a whole number of rows', () => {
    expect(() => gatherRows({ a: new Float32Array(5) }, 2, [0])).toThrow(ShapeError);
  });

  it('lists the kept rows, or undefined when all are kept', () => {
    expect(Array.from(keptRows(4, (i) => i % 2 === 1)!)).toEqual([1, 3]);
    expect(keptRows(3, () => true)).toBeUndefined();
  });
});

describe('validRows', () => {
  it('keeps only real transitions', () => {
    const batch: RolloutBatch = {
      size: 3,
      nSteps: 3,
      nEnvs: 1,
      stateShape: [2],
      states: Float32Array.from([1, 2, 3, 4, 5, 6]),
      actions: Int32Array.from([0, 1, 0]),
      advantages: Float32Array.from([0.5, 0, -1]),
      returns: Float32Array.from([1.5, 7, 2]),
      values: Float32Array.from([1, 7, 3]),
      valid: Float32Array.from([1, 0, 1]),
    };
    const rows = validRows(batch);
    expect(rows.count).toBe(2);
    expect(Array.from(rows.states)).toEqual([1, 2, 5, 6]);
    expect(Array.from(rows.actions)).toEqual([0, 0]);
    expect(Array.from(rows.advantages)).toEqual([0.5, -1]);
    expect(Array.from(rows.returns)).toEqual([1.5, 2]);
    expect(Array.from(rows.values)).toEqual([1, 3]);
  });
});

describe('permutation, shuffledMinibatches and selectRows', () => {
  it('permutes 0..n-1, reproducibly per seed', () => {
    const p = permutation(50, new Random(1));
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(permutation(50, new Random(1))).toEqual(p);
    expect(permutation(50, new Random(2))).not.toEqual(p);
  });

  it('splits each epoch into minibatches differing by at most one row, a fresh permutation per epoch', () => {
    const batches = [...shuffledMinibatches(7, 2, 3, new Random(3))].map((b) => Array.from(b));
    expect(batches.map((b) => b.length)).toEqual([2, 2, 3, 2, 2, 3]);
    const rng = new Random(3);
    const first = Array.from(permutation(7, rng));
    const second = Array.from(permutation(7, rng));
    expect(batches.slice(0, 3).flat()).toEqual(first);
    expect(batches.slice(3).flat()).toEqual(second);
    expect([...shuffledMinibatches(2, 1, 4, new Random(0))].map((b) => b.length)).toEqual([1, 1]); // empty ones skipped
  });

  it('selects rows of every column, extra columns included, discrete and continuous', () => {
    const rows: ValidRows & { extra: Float32Array } = {
      count: 3,
      stateShape: [2],
      states: Float32Array.from([1, 2, 3, 4, 5, 6]),
      actions: Int32Array.from([0, 1, 2]),
      advantages: Float32Array.from([10, 20, 30]),
      returns: Float32Array.from([-1, -2, -3]),
      values: Float32Array.from([4, 5, 6]),
      extra: Float32Array.from([7, 8, 9]),
    };
    const out = selectRows(rows, [2, 0]);
    expect(out.count).toBe(2);
    expect(out.stateShape).toEqual([2]);
    expect(Array.from(out.states)).toEqual([5, 6, 1, 2]);
    expect(Array.from(out.actions)).toEqual([2, 0]);
    expect(Array.from(out.advantages)).toEqual([30, 10]);
    expect(Array.from(out.returns)).toEqual([-3, -1]);
    expect(Array.from(out.values)).toEqual([6, 4]);
    expect(Array.from(out.extra)).toEqual([9, 7]);
    const continuous = selectRows({ ...rows, actions: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) }, [1]);
    expect(Array.from(continuous.actions)).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });
});

describe('UpdateClock', () => {
  it('is due after replayStartSize frames, every updateFrequency frames', () => {
    const clock = new UpdateClock(3, 2);
    const due = Array.from({ length: 8 }, () => clock.tick());
    expect(due).toEqual([false, false, false, true, false, true, false, true]);
    expect(clock.framesSeen).toBe(8);
  });
});

describe('ReplayAgent', () => {
  it('stores the previous transition, trains when due, then chooses; continuous actions are copies', () => {
    const log: string[] = [];
    const buffer: ReplayBuffer = {
      length: 0,
      store: (s: State, a, next: State) => log.push(`store ${s.reward}->${next.reward} a${(a as Float32Array)[0]}`),
      sample: (n: number) => {
        log.push(`sample ${n}`);
        return {} as ReplayBatch;
      },
      updatePriorities: () => {},
    };
    class Recorder extends ReplayAgent<Float32Array> {
      protected trainOn(): void {
        log.push('train');
      }
      protected chooseAction(state: State): Float32Array {
        log.push(`choose ${state.reward}`);
        return Float32Array.of(state.reward * 10);
      }
    }
    const agent = new Recorder(buffer, { minibatchSize: 4, replayStartSize: 1, updateFrequency: 1 });
    const state = (reward: number) => ({ reward, done: false }) as unknown as State;
    const first = agent.act(state(1));
    first[0] = 99; // the caller's copy: the stored action stays 10
    agent.act(state(2));
    expect(log).toEqual(['choose 1', 'store 1->2 a10', 'sample 4', 'train', 'choose 2']);
    expect(agent.framesSeen).toBe(2);
  });
});

describe('OnlineAgent', () => {
  class Recorder extends OnlineAgent {
    log: string[] = [];
    protected train(batch: OnlineBatch, _shape: readonly number[], next?: Int32Array): void {
      this.log.push(`train ${batch.size}${next ? ` next ${Array.from(next)}` : ''}`);
    }
    protected chooseActions(states: StateArray): Int32Array {
      this.log.push('choose');
      return new Int32Array(states.length).fill(1);
    }
  }

  it('trains on the kept transitions before choosing (train-then-act)', () => {
    const agent = new Recorder(0.9);
    agent.act(states1d([1, 2], [0, 0], [0, 1]));
    agent.act(states1d([3, 4], [0, 0])); // row 1 was done: only row 0 is a transition
    expect(agent.log).toEqual(['choose', 'train 1', 'choose']);
  });

  it('chooses first and hands the actions to the update (act-then-train)', () => {
    const agent = new Recorder(0.9, 'act-then-train');
    agent.act(states1d([1, 2], [0, 0]));
    agent.act(states1d([3, 4], [0, 0]));
    expect(agent.log).toEqual(['choose', 'choose', 'train 2 next 1,1']);
  });
});
