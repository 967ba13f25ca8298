/**
 * The MuJoCo checks, in a child process on the compiled package: @mujoco/mujoco is ESM-only,
 * which jest's CommonJS runtime cannot import. Prints one JSON line of figures for
 * mujoco.test.ts to assert on.
 * Usage: node mujoco_child.js fixtures | leak | errors
 */
const fs = require('node:fs');
const path = require('node:path');
const allts = require(path.join(__dirname, '..', '..', 'dist', 'index.js'));

const TASKS = ['InvertedPendulum-v4', 'HalfCheetah-v4', 'Hopper-v4', 'Walker2d-v4', 'Ant-v4', 'Humanoid-v4', 'InvertedDoublePendulum-v4', 'Reacher-v4', 'Swimmer-v4'];
/** Steps compared tightly per episode (HalfCheetah drifts from the native build after about 90). */
const HORIZON = 60;

/** Replays each fixture episode from gymnasium's starting state; the largest differences. */
function fixtures() {
  const out = {};
  for (const task of TASKS) {
    const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `mujoco_${task}.json`), 'utf8'));
    const env = allts.makeEnvironment(task);
    const figures = { obsError: 0, obsScale: 0, rewardError: 0, terminationMismatches: 0, steps: 0, lengths: [], dt: env.unwrapped.dt, fixtureDt: fixture.dt, mujoco: fixture.mujoco, lateObsError: 0 };
    for (const episode of fixture.episodes) {
      env.reset({ seed: episode.seed });
      env.unwrapped.state = [...episode.qpos, ...episode.qvel];
      let length = 0;
      for (let t = 0; t < episode.actions.length; t++) {
        const s = env.step(Float32Array.from(episode.actions[t]));
        const want = episode.observations[t];
        if (t >= HORIZON) {
          // past the horizon only note the difference: last-bit differences between the wasm and native builds grow chaotically through contacts
          for (let i = 0; i < want.length; i++) figures.lateObsError = Math.max(figures.lateObsError, Math.abs(s.observation[i] - want[i]));
          length++;
          if (s.done) break;
          continue;
        }
        for (let i = 0; i < want.length; i++) {
          figures.obsError = Math.max(figures.obsError, Math.abs(s.observation[i] - want[i]) / Math.max(1, Math.abs(want[i])));
          figures.obsScale = Math.max(figures.obsScale, Math.abs(want[i]));
        }
        figures.rewardError = Math.max(figures.rewardError, Math.abs(s.reward - episode.rewards[t]) / Math.max(1, Math.abs(episode.rewards[t])));
        if (s.terminated !== episode.terminated[t]) figures.terminationMismatches++;
        figures.steps++;
        length++;
        if (s.done) break;
      }
      figures.lengths.push([length, episode.actions.length]);
    }
    env.close();
    out[task] = figures;
  }
  return out;
}

/** Thousands of environments made and closed, and 10,000 resets of one: MuJoCo's heap must not fill (it holds 2 GB, about 600 unfreed environments). */
function leak() {
  const started = Date.now();
  const cycles = 1000;
  for (let i = 0; i < cycles; i++) {
    const env = allts.makeEnvironment('HalfCheetah-v4');
    env.reset({ seed: i });
    env.step(new Float32Array(6));
    env.close();
  }
  const env = allts.makeEnvironment('Hopper-v4');
  const first = env.reset({ seed: 0 }).observation.slice();
  for (let i = 0; i < 10000; i++) env.reset();
  const again = env.reset({ seed: 0 }).observation;
  env.close();
  let closedError = '';
  try {
    env.unwrapped.state;
  } catch (e) {
    closedError = e.message;
  }
  return { cycles, resets: 10000, sameAfterReseed: first.every((x, i) => x === again[i]), seconds: (Date.now() - started) / 1000, closedError };
}

/** Wrong inputs, each with its message. */
function errors() {
  const message = (f) => {
    try {
      f();
      return 'no error';
    } catch (e) {
      return e.message;
    }
  };
  const env = allts.makeEnvironment('HalfCheetah-v4');
  env.reset({ seed: 0 });
  return {
    wrongSize: message(() => env.step(new Float32Array(5))),
    nonFinite: message(() => env.step(Float32Array.from([0, 0, NaN, 0, 0, 0]))),
    outside: message(() => env.step(Float32Array.from([0, 0, 2, 0, 0, 0]))),
    badState: message(() => (env.unwrapped.state = [1, 2, 3])),
    badOption: message(() => allts.makeEnvironment('Hopper-v4', { healthyZRange: [1, 0] })),
    unknownOption: message(() => allts.makeEnvironment('Hopper-v4', { gravity: 1 })),
    options: (() => {
      const e = allts.makeEnvironment('Hopper-v4', { exclude_current_positions_from_observation: false, terminateWhenUnhealthy: false, maxEpisodeSteps: 7 });
      let s = e.reset({ seed: 1 });
      const size = s.observation.length;
      let steps = 0;
      while (!s.done) {
        s = e.step(Float32Array.from([1, -1, 1]));
        steps++;
      }
      e.close();
      return { size, steps, truncated: s.truncated };
    })(),
  };
}

/** Every mujoco preset: build, train a few hundred frames, test agent, save, load, act; spaces per environment. */
async function presets() {
  await allts.initBackend();
  const os = require('node:os');
  const out = {};
  for (const [id, builder] of Object.entries(allts.FAMILIES.mujoco)) {
    const small = id === 'ppo' ? { hidden1: 16, hidden2: 16, nEnvs: 2, nSteps: 16, minibatches: 2, epochs: 1 } : { hidden1: 16, hidden2: 16, replayStartSize: 100, minibatchSize: 16 };
    const env = allts.makeEnvironment('InvertedPendulum-v4');
    const preset = builder.hyperparameters(small).env(env).seed(0).build();
    const agent = preset.agent({ trainSteps: 400 });
    const experiment = builder.parallel ? null : true;
    let actions = 0;
    if (experiment) {
      let s = env.reset({ seed: 0 });
      for (let t = 0; t < 300; t++) {
        const a = agent.act(s);
        actions++;
        s = s.done ? env.reset() : env.step(a);
      }
    } else {
      const vec = env.duplicate(2);
      let states = vec.reset({ seed: 0 });
      for (let t = 0; t < 64; t++) {
        const a = agent.act(states);
        actions++;
        states = vec.step(a);
      }
      vec.close();
    }
    const testAction = preset.testAgent().act(env.reset({ seed: 1 }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-mujoco-${id}-`));
    await preset.save(dir);
    const loaded = await allts.loadPreset(dir);
    const again = loaded.testAgent().act(env.reset({ seed: 1 }));
    out[id] = { family: loaded.family, actions, testAction: Array.from(testAction), again: Array.from(again), inBounds: env.actionSpace.contains(testAction) };
    loaded.dispose();
    preset.dispose();
    env.close();
  }
  return out;
}

(async () => {
  await allts.prepareEnvironment('Hopper-v4');
  if (process.argv[2] === 'presets') {
    process.stdout.write(JSON.stringify(await presets()) + '\n');
    return;
  }
  const what = process.argv[2];
  const result = what === 'fixtures' ? fixtures() : what === 'leak' ? leak() : errors();
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exitCode = 1;
});
