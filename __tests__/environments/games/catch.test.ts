/** Catch-bsuite against bsuite's rules (bsuite/environments/catch.py), and its search model. */
import { Random } from '../../../lib/core/random';
import { CatchModel, CatchState, CATCH_ID } from '../../../environments/games/catch';
import { makeEnvironment } from '../../../environments/registry';

describe('Catch-bsuite', () => {
  it('is registered with bsuite shapes: 10x5 observation, 3 actions, 9 steps', () => {
    const env = makeEnvironment(CATCH_ID);
    expect(env.observationSpace.shape).toEqual([10, 5]);
    expect(env.actionSpace.toJSON()).toMatchObject({ kind: 'discrete', n: 3 });
    let s = env.reset({ seed: 3 });
    const ballColumn = s.observation.slice(0, 5).indexOf(1);
    expect(ballColumn).toBeGreaterThanOrEqual(0);
    // paddle at the bottom centre
    expect(Array.from(s.observation.slice(45, 50))).toEqual([0, 0, 1, 0, 0]);
    let steps = 0;
    while (!s.done) {
      // move toward the ball
      const paddle = s.observation.slice(45, 50).indexOf(1);
      s = env.step(paddle < ballColumn ? 2 : paddle > ballColumn ? 0 : 1);
      steps++;
      if (!s.done) expect(s.reward).toBe(0);
    }
    expect(steps).toBe(9);
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(1);
  });

  it('misses give -1; the paddle is clipped at the walls; the ball column is uniform over seeds', () => {
    const env = makeEnvironment(CATCH_ID);
    const columns = [0, 0, 0, 0, 0];
    let misses = 0;
    for (let seed = 0; seed < 500; seed++) {
      let s = env.reset({ seed });
      columns[s.observation.slice(0, 5).indexOf(1)]!++;
      while (!s.done) s = env.step(0); // always left: the paddle ends in column 0
      expect(s.observation[45]).toBe(1);
      if (s.reward === -1) misses++;
      else expect(s.observation.slice(0, 45).every((x) => x === 0) && s.reward === 1).toBe(true);
    }
    for (const c of columns) expect(c).toBeGreaterThan(70);
    // column 0 is caught, the other four missed
    expect(misses).toBe(500 - columns[0]!);
  });

  it('CatchState steps as bsuite and the model recovers states from observations', () => {
    let s = new CatchState(0, 4, 2);
    const model = new CatchModel();
    const trace: number[] = [];
    for (const a of [2, 2, 2, 1, 1, 0, 2, 1, 1]) {
      const out = model.step(s, a);
      trace.push(out.state.paddleColumn);
      expect(model.fromObservation(model.observation(out.state))).toEqual(out.state);
      s = out.state;
      if (out.terminal) expect(out.reward).toBe(1);
    }
    // 2 -> 3 -> 4 -> 4 (clipped) ... left to 3, right to 4
    expect(trace).toEqual([3, 4, 4, 4, 4, 3, 4, 4, 4]);
    expect(model.isTerminal(s)).toBe(true);
    expect(Array.from(model.legalMask(s))).toEqual([0, 0, 0]);
    expect(() => makeEnvironment(CATCH_ID, { size: 3 })).toThrow(/Unknown option "size"/);
    // a random policy catches about 1 in 5 balls or so: the task is not trivial
    const rng = new Random(1);
    let caught = 0;
    for (let i = 0; i < 400; i++) {
      let st = new CatchState(0, rng.int(5), 2);
      let r = 0;
      while (!st.over) ({ state: st, reward: r } = st.play(rng.int(3)));
      if (r === 1) caught++;
    }
    expect(caught / 400).toBeLessThan(0.45);
  });
});
