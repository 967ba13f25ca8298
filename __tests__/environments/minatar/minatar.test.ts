/**
 * MinAtar environments through the registry: ids and action sets as the original's gymnasium
 * registration, sticky actions, seeding, observation space, rendering, options and state snapshots.
 */
import { ConfigError } from '../../../lib/core/errors';
import { Random } from '../../../lib/core/random';
import { MINATAR_IDS } from '../../../environments/minatar/index';
import type { MinAtarCore } from '../../../environments/minatar/minatar_core';
import { environmentSpec, listEnvironments, makeEnvironment } from '../../../environments/registry';
import type { Environment } from '../../../environments/environment';

const GAMES = ['Asterix', 'Breakout', 'Freeway', 'Seaquest', 'SpaceInvaders'];
/** Channels per game, as the original's state_shape(). */
const CHANNELS: Record<string, number> = { Asterix: 4, Breakout: 4, Freeway: 7, Seaquest: 10, SpaceInvaders: 6 };
/** Each game's minimal_action_set() in the original (0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire). */
const MINIMAL: Record<string, number[]> = {
  Asterix: [0, 1, 2, 3, 4],
  Breakout: [0, 1, 3],
  Freeway: [0, 2, 4],
  Seaquest: [0, 1, 2, 3, 4, 5],
  SpaceInvaders: [0, 1, 3, 5],
};

function core(env: Environment): MinAtarCore {
  return env.unwrapped as MinAtarCore;
}

describe('MinAtar registration', () => {
  it('registers -v0 and -v1 for the five games in family minatar, with no time limit', () => {
    expect(MINATAR_IDS).toEqual(GAMES.flatMap((g) => [`MinAtar/${g}-v0`, `MinAtar/${g}-v1`]));
    for (const id of MINATAR_IDS) {
      expect(listEnvironments()).toContain(id);
      const spec = environmentSpec(id);
      expect(spec.family).toBe('minatar');
      expect(spec.actionKind).toBe('discrete');
      expect(makeEnvironment(id).maxEpisodeSteps).toBe(Number.MAX_SAFE_INTEGER);
    }
  });

  it.each(GAMES)('%s: Box(0, 1, [10, 10, C]) observations, 6 actions in v0, the minimal set in v1', (game) => {
    const v0 = makeEnvironment(`MinAtar/${game}-v0`);
    const v1 = makeEnvironment(`MinAtar/${game}-v1`, { stickyActionProb: 0.1, difficultyRamping: true });
    for (const env of [v0, v1]) {
      expect(env.observationSpace.shape).toEqual([10, 10, CHANNELS[game]]);
      expect(Array.from(env.observationSpace.low).every((x) => x === 0)).toBe(true);
      expect(Array.from(env.observationSpace.high).every((x) => x === 1)).toBe(true);
    }
    expect(v0.actionSpace.toString()).toBe('Discrete(6)');
    expect(core(v0).actionSet).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v1.actionSpace.toString()).toBe(`Discrete(${MINIMAL[game]!.length})`);
    expect(core(v1).actionSet).toEqual(MINIMAL[game]);
  });

  it('-v1 action i executes full action actionSet[i] (sticky off)', () => {
    const env = makeEnvironment('MinAtar/SpaceInvaders-v1', { stickyActionProb: 0 });
    env.reset({ seed: 0 });
    for (let i = 0; i < 4; i++) {
      env.step(i);
      expect(core(env).lastAction).toBe([0, 1, 3, 5][i]);
    }
    // Breakout-v1 is [no-op, left, right]: index 2 moves the paddle right, index 1 left
    const breakout = makeEnvironment('MinAtar/Breakout-v1', { stickyActionProb: 0 });
    breakout.reset({ seed: 0 });
    const paddle = (): number => (breakout.unwrapped as MinAtarCore).state[0]!;
    breakout.step(2);
    expect(paddle()).toBe(5);
    breakout.step(1);
    expect(paddle()).toBe(4);
  });

  it('rejects unknown options and out-of-range probabilities with a ConfigError saying the fix', () => {
    expect(() => makeEnvironment('MinAtar/Breakout-v1', { sticky: 0.1 })).toThrow(/Unknown option "sticky".*stickyActionProb/);
    expect(() => makeEnvironment('MinAtar/Breakout-v1', { stickyActionProb: 1.5 })).toThrow(ConfigError);
    expect(() => makeEnvironment('MinAtar/Breakout-v1', { difficultyRamping: 'yes' })).toThrow(/true or false/);
    expect(() => makeEnvironment('MinAtar/Breakout-v2')).toThrow(/Unknown environment id/);
    // snake_case aliases as MinAtar's keyword arguments
    expect(core(makeEnvironment('MinAtar/Breakout-v0', { sticky_action_prob: 0.3 })).stickyActionProb).toBe(0.3);
  });
});

describe('MinAtar sticky actions', () => {
  it('repeat the previous executed action with probability stickyActionProb', () => {
    const p = 0.25;
    const env = makeEnvironment('MinAtar/Freeway-v0', { stickyActionProb: p });
    const policy = new Random(3);
    let state = env.reset({ seed: 3 });
    let sticky = 0;
    let eligible = 0;
    let previous = core(env).lastAction;
    let other = 0;
    for (let t = 0; t < 20000; t++) {
      if (state.done) state = env.reset();
      const chosen = policy.int(6);
      state = env.step(chosen);
      const executed = core(env).lastAction;
      if (executed !== chosen && executed !== previous) other++;
      if (chosen !== previous) {
        eligible++;
        if (executed === previous) sticky++;
      }
      previous = executed;
    }
    expect(other).toBe(0);
    // binomial: standard error sqrt(p(1-p)/n) ~ 0.0034 for n ~ 16,700; allow 4 of them
    expect(Math.abs(sticky / eligible - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / eligible));
  });

  it('start at no-op and survive reset', () => {
    const env = makeEnvironment('MinAtar/SpaceInvaders-v0', { stickyActionProb: 1 });
    env.reset({ seed: 1 });
    env.step(3); // always sticky: executes the initial no-op
    expect(core(env).lastAction).toBe(0);
    const free = makeEnvironment('MinAtar/SpaceInvaders-v0', { stickyActionProb: 0 });
    free.reset({ seed: 1 });
    free.step(3);
    expect(core(free).lastAction).toBe(3);
    // with probability 1 after a reset, the action from the last episode keeps being executed
    const mixed = makeEnvironment('MinAtar/Breakout-v0', { stickyActionProb: 0 });
    mixed.reset({ seed: 2 });
    mixed.step(1);
    mixed.reset({ seed: 2 });
    expect(core(mixed).lastAction).toBe(1);
  });
});

describe.each(GAMES)('MinAtar %s', (game) => {
  const id = `MinAtar/${game}-v0`;

  function episode(env: Environment, seed: number, maxSteps = 3000): { obs: number[]; rewards: number[]; steps: number } {
    const policy = new Random(seed + 100);
    let state = env.reset({ seed });
    const obs: number[] = [];
    const rewards: number[] = [];
    let steps = 0;
    while (!state.done && steps < maxSteps) {
      for (let i = 0; i < state.observation.length; i++) if (state.observation[i]) obs.push(steps * 1000 + i);
      state = env.step(policy.int(6));
      rewards.push(state.reward);
      steps++;
    }
    return { obs, rewards, steps };
  }

  it('reset({ seed }) reproduces an episode; another seed gives another', () => {
    const a = episode(makeEnvironment(id), 5);
    const env = makeEnvironment(id);
    episode(env, 9);
    const b = episode(env, 5);
    expect(b).toEqual(a);
    const seeds = [6, 7, 8, 10].map((s) => episode(makeEnvironment(id), s));
    expect(seeds.some((c) => JSON.stringify(c) !== JSON.stringify(a))).toBe(true);
  });

  it('observations are 0/1 Float32Arrays in the observation space; episodes terminate, never truncate', () => {
    const env = makeEnvironment(id);
    let state = env.reset({ seed: 11 });
    const policy = new Random(11);
    const problems = new Set<string>();
    let episodes = 0;
    for (let t = 0; t < 3000; t++) {
      if (!(state.observation instanceof Float32Array)) problems.add('not a Float32Array');
      if (state.shape.join() !== `10,10,${CHANNELS[game]}`) problems.add(`shape ${state.shape}`);
      if (!env.observationSpace.contains(state.observation)) problems.add('outside the Box');
      if (!state.observation.every((x) => x === 0 || x === 1)) problems.add('a value not 0 or 1');
      if (state.truncated) problems.add('truncated');
      if (state.done) {
        if (!state.terminated || state.mask !== 0) problems.add('done without terminated / mask 0');
        episodes++;
        state = env.reset();
      } else {
        state = env.step(policy.int(6));
      }
    }
    expect([...problems]).toEqual([]);
    if (game !== 'Freeway') expect(episodes).toBeGreaterThan(3);
  });

  it('renders a 160x160 RGB frame (16-pixel cells) and a 10x10 text grid', () => {
    const env = makeEnvironment(id);
    env.reset({ seed: 1 });
    env.step(0);
    const frame = env.render('rgb_array');
    expect([frame.width, frame.height, frame.data.length]).toEqual([160, 160, 160 * 160 * 3]);
    // a cell is one colour; an active cell is not black
    const obs = env.state.observation;
    const c = CHANNELS[game]!;
    for (let cell = 0; cell < 100; cell++) {
      const on = Array.from({ length: c }, (_, k) => obs[cell * c + k]).some((x) => x === 1);
      const px = ((Math.floor(cell / 10) * 16 + 8) * 160 + (cell % 10) * 16 + 8) * 3;
      const rgb = Array.from(frame.data.subarray(px, px + 3));
      expect(rgb.some((x) => x > 0)).toBe(on);
    }
    const text = env.render('text').split('\n');
    expect(text).toHaveLength(11);
    for (let r = 0; r < 10; r++) expect(text[r]!.split(' ')).toHaveLength(10);
    expect(text[10]).toMatch(/^score 0/);
  });

  it('unwrapped.state snapshots the game: restoring it replays the same future', () => {
    const env = makeEnvironment(id, { stickyActionProb: 0 });
    env.reset({ seed: 4 });
    const policy = new Random(4);
    for (let t = 0; t < 20 && !env.state.done; t++) env.step(policy.int(6));
    const snapshot = core(env).state;
    const actions = Array.from({ length: 30 }, () => policy.int(6));
    const run = (): number[] => {
      const out: number[] = [];
      for (const a of actions) {
        if (core(env).game.terminal) break;
        const r = core(env).step(a);
        out.push(r.reward, ...core(env).observation());
      }
      return out;
    };
    // Asterix, Freeway and Seaquest draw random numbers while playing: give both runs the same stream
    core(env).reset(new Random(99));
    core(env).state = snapshot;
    const first = run();
    core(env).reset(new Random(99));
    core(env).state = snapshot;
    expect(run()).toEqual(first);
    expect(() => {
      core(env).state = snapshot.subarray(1);
    }).toThrow(/snapshot/);
  });
});
