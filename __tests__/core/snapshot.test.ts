/**
 * lib/core/snapshot.ts: graphs captured as data and restored into freshly built graphs, and, with
 * the checkpoint file around them (experiments/checkpoint.ts), every registered classic-control,
 * continuous and MuJoCo-free preset's agent restored mid-training acting step for step as the
 * original does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { captureSnapshot, findInstances, registerSnapshotClass, restoreSnapshot, SnapshotError } from '../../lib/core/snapshot';
import { HostArrays } from '../../lib/backend/host_memory';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { FAMILIES } from '../../presets/registry';
import { captureCheckpoint, readCheckpoint, restartWarmUps, writeCheckpoint } from '../../experiments/checkpoint';
import { UpdateClock } from '../../lib/agents/loops/update_clock';
import type { Logger } from '../../lib/logging/logger';

class Counter {
  count = 0;
  step = (): number => ++this.count; // a function field: rebuilt, never saved
}
class Lazy {
  constructor(public values: Float64Array) {}
}
registerSnapshotClass(Lazy);
class Unregistered {
  x = 1;
}

describe('captureSnapshot / restoreSnapshot', () => {
  it('restores numbers of every kind, typed arrays in place, Maps, shared objects and lazily created registered classes', () => {
    const shared = { n: 1 };
    const make = () => ({ a: 0, b: '', c: new Float32Array(3), shared, again: shared, counter: new Counter(), map: new Map<string, number[]>(), lazy: undefined as Lazy | undefined, list: Object.freeze([1, 2]) });
    const original = make();
    Object.assign(original, { a: NaN, b: 'x' });
    original.c.set([1.5, -0, Infinity]);
    original.shared.n = 42;
    original.counter.step();
    original.counter.step();
    original.map.set('k', [3, -Infinity]);
    original.lazy = new Lazy(Float64Array.of(0.25, 7));
    const snap = captureSnapshot(original);

    const freshShared = { n: 0 };
    const fresh = { ...make(), shared: freshShared, again: freshShared };
    const cBefore = fresh.c;
    const stepBefore = fresh.counter.step;
    restoreSnapshot(fresh, snap);
    expect(fresh.a).toBeNaN();
    expect(fresh.b).toBe('x');
    expect(fresh.c).toBe(cBefore); // written in place: other holders of the array see the values
    expect(Array.from(fresh.c)).toEqual([1.5, -0, Infinity]);
    expect(Object.is(fresh.c[1], -0)).toBe(true);
    expect(fresh.again).toBe(fresh.shared); // sharing survives
    expect(fresh.shared.n).toBe(42);
    expect(fresh.counter.count).toBe(2);
    expect(fresh.counter.step).toBe(stepBefore);
    expect(fresh.map.get('k')).toEqual([3, -Infinity]);
    expect(fresh.lazy).toBeInstanceOf(Lazy);
    expect(Array.from(fresh.lazy!.values)).toEqual([0.25, 7]);
    expect(fresh.list).toEqual([1, 2]);
    expect(Object.isFrozen(fresh.list)).toBe(true);
  });

  it('assigns variables in place and restores host-memory arrays through their hooks, leaking no tensor', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const host = new HostArrays(2, 4);
    host.views()[1]!.set([9, 8, 7, 6]);
    const snap = captureSnapshot({ v, host });
    const w = tf.variable(tf.zeros([3]));
    const freshHost = new HostArrays(2, 4);
    const before = tf.memory().numTensors;
    restoreSnapshot({ v: w, host: freshHost }, snap);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(w.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(freshHost.views()[1]!)).toEqual([9, 8, 7, 6]);
    const wrongShape = tf.variable(tf.zeros([4]));
    expect(() => restoreSnapshot({ v: wrongShape, host: freshHost }, snap)).toThrow(/root\.v was a float32 tensor of shape \[3\]/);
    [v, w, wrongShape].forEach((t) => t.dispose());
    host.dispose();
    freshHost.dispose();
  });

  it('names the path of what cannot be saved or restored', () => {
    expect(() => captureSnapshot({ deep: { buffer: new ArrayBuffer(8) } })).toThrow(/root\.deep\.buffer is a raw ArrayBuffer/);
    expect(() => captureSnapshot({ p: Promise.resolve(1) })).toThrow(SnapshotError);
    const snap = captureSnapshot({ x: new Unregistered() });
    expect(() => restoreSnapshot({ x: undefined }, snap)).toThrow(/root\.x was a Unregistered .* registerSnapshotClass\(Unregistered\)/);
    // a recreated object would lack its closures: refused rather than left half-built
    const withClosure = captureSnapshot({ c: new Counter() });
    registerSnapshotClass(Counter);
    expect(() => restoreSnapshot({ c: undefined }, withClosure)).toThrow(/root\.c is a Counter to recreate, but its field "step" was a function/);
  });

  it('findInstances finds every clock once, and a restarted clock waits a whole replay start again', () => {
    const clock = new UpdateClock(3, 1);
    const graph = { a: clock, b: [clock, { c: clock }], d: new UpdateClock(1, 1) };
    expect(findInstances(graph, UpdateClock)).toHaveLength(2);
    const due = (n: number) => Array.from({ length: n }, () => clock.tick());
    expect(due(5)).toEqual([false, false, false, true, true]);
    clock.restartWarmUp();
    expect(due(4)).toEqual([false, false, false, true]);
  });
});

const quietLogger: Logger = {
  verbose: true,
  addLoss() {}, addSchedule() {}, addMetric() {}, addEval() {}, addSummary() {}, addHparams() {},
  async close() {},
} as unknown as Logger;

/** Small replay starts so the off-policy agents train within the few hundred steps. */
const FAST: Record<string, Record<string, unknown>> = {
  dqn: { replayStartSize: 50 }, ddqn: { replayStartSize: 50 }, c51: { replayStartSize: 50 }, rainbow: { replayStartSize: 50 },
  ...Object.fromEntries(['ddpg', 'sac', 'td3'].map((id) => [id, { replayStartSize: 50, minibatchSize: 32, replayBufferSize: 5000, hidden1: 64, hidden2: 64 }])),
};
const ENV: Record<string, string> = { classic: 'CartPole-v0', continuous: 'Pendulum-v1' };

describe('every preset restored mid-training acts step for step as the original', () => {
  const cases: [string, string][] = [];
  for (const family of ['classic', 'continuous']) for (const id of Object.keys(FAMILIES[family]!)) cases.push([family, id]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-snapshot-'));

  it.each(cases)('%s %s', (family, id) => {
    // a parallel preset steps all its copies at once: fewer steps see as many frames
    const probe = FAMILIES[family]![id]!.env(makeEnvironment(ENV[family]!)).build();
    const parallel = probe.parallel;
    probe.dispose();
    const steps = parallel ? 60 : 200;
    const at = parallel ? 30 : 120;
    const play = (restoreFrom?: string): string[] => {
      const env = makeEnvironment(ENV[family]!);
      const builder = FAMILIES[family]![id]!;
      const overrides = Object.fromEntries(Object.entries(FAST[id] ?? {}).filter(([k]) => k in builder.specs));
      const preset = builder.env(env).hyperparameters(overrides).seed(0).build();
      const agent = preset.agent({ logger: quietLogger, trainSteps: steps }) as { act(s: unknown): number | Float32Array };
      const vector = preset.parallel ? env.duplicate(preset.nEnvs) : undefined;
      const stepEnv = (a: number | Float32Array, s: { done?: boolean }): unknown => (vector ? (vector.step as (x: unknown) => unknown)(a) : s.done ? env.reset() : (env.step as (x: unknown) => unknown)(a));
      const root = { agent, env: vector ?? env, state: undefined as unknown };
      let start = 0;
      if (restoreFrom !== undefined) {
        const checkpoint = readCheckpoint(restoreFrom)!;
        restoreSnapshot(root, checkpoint.run);
        restoreSnapshot(root.env, checkpoint.env!);
        start = at;
      } else {
        root.state = (vector ?? env).reset({ seed: 1 });
      }
      const actions: string[] = [];
      for (let i = start; i < steps; i++) {
        if (i === at && restoreFrom === undefined) {
          writeCheckpoint(path.join(dir, `${family}_${id}`), captureCheckpoint({ agent, state: root.state }, root.env, { frame: i, episode: 0, replay: true, logger: { eventFile: '', eventBytes: 0, csvBytes: {} } }));
        }
        const action = agent.act(root.state);
        if (i >= at) actions.push(typeof action === 'number' ? String(action) : Array.from(action).join(','));
        root.state = stepEnv(action, root.state as { done?: boolean });
      }
      vector?.close();
      env.close();
      preset.dispose();
      return actions;
    };
    const original = play();
    const restored = play(path.join(dir, `${family}_${id}`));
    expect(restored).toHaveLength(steps - at);
    expect(restored).toEqual(original);
  }, 120_000);

  it('an agent resumed without its replay buffer refills it before training again', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = FAMILIES.classic!.dqn!.env(env).hyperparameters({ replayStartSize: 50 }).seed(0).build();
    const agent = preset.agent({ logger: quietLogger, trainSteps: 1000 });
    let state = env.reset({ seed: 0 });
    for (let i = 0; i < 120; i++) state = state.done ? env.reset() : env.step((agent as { act(s: unknown): number }).act(state));
    const checkpoint = captureCheckpoint({ agent }, env, { frame: 120, episode: 0, replay: false, logger: { eventFile: '', eventBytes: 0, csvBytes: {} } });
    const fresh = FAMILIES.classic!.dqn!.env(env).hyperparameters({ replayStartSize: 50 }).seed(0).build();
    const freshAgent = fresh.agent({ logger: quietLogger, trainSteps: 1000 });
    restoreSnapshot({ agent: freshAgent }, checkpoint.run);
    restartWarmUps(freshAgent);
    const buffer = (freshAgent as unknown as { replayBuffer: { length: number } }).replayBuffer;
    expect(buffer.length).toBe(0);
    // 50 frames of warm-up again: acting does not sample an empty buffer
    for (let i = 0; i < 60; i++) state = state.done ? env.reset() : env.step((freshAgent as { act(s: unknown): number }).act(state));
    expect(buffer.length).toBeGreaterThan(40);
    preset.dispose();
    fresh.dispose();
  });
});
