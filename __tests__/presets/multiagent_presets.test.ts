/**
 * The independent-learners preset: builds one preset per seat (or a fixed player), acts only
 * legal moves through a whole game without leaking tensors, saves and loads (same actions after
 * loading), and rejects bad input with typed errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, FileFormatError } from '../../lib/core/errors';
import { DummyLogger } from '../../lib/logging/logger';
import { makeMultiagentEnvironment } from '../../environments/multiagent_registry';
import '../../environments/games';
import { classicControl } from '../../presets/classic_control';
import { independentMultiagent, loadMultiagentPreset } from '../../presets/multiagent/independent';
import { runAecEpisode } from '../../experiments/multiagent_evaluation';
import { tf } from '../../lib/tf';

const smallDqn = classicControl.dqn.hyperparameters({ hidden: 16, replayStartSize: 8, minibatchSize: 4 });

describe('independentMultiagent', () => {
  it('builds a dqn per seat; training and test agents play only legal moves and leak no tensors', () => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    const preset = independentMultiagent(smallDqn).env(env).seed(3).build();
    expect(Object.keys(preset.seats)).toEqual(['player_1', 'player_2']);
    expect(preset.name).toBe('dqn');
    const agent = preset.agent({ logger: new DummyLogger() });
    const test = preset.testAgent();
    // warm up (replay start, variable creation), then count tensors over whole games
    for (let i = 0; i < 3; i++) runAecEpisode(env, (s) => agent.act(s));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      for (const player of [agent, test]) {
        runAecEpisode(env, (s) => {
          const a = player.act(s) as number;
          if (!s.done) expect(s.actionMask[a]).toBe(1);
          return a;
        });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    preset.dispose();
  });

  it('mixes a learner and a fixed player, saves and loads (same test actions after loading)', async () => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    const preset = independentMultiagent({ player_1: smallDqn, player_2: 'minimax' }).env(env).seed(5).build();
    expect(preset.name).toBe('dqn-minimax');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-ma-preset-'));
    await preset.save(dir);
    expect(fs.existsSync(path.join(dir, 'multiagent.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'player_1', 'q.weights'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'player_2', 'player.json'))).toBe(true);
    const loaded = await loadMultiagentPreset(dir, env);
    expect(loaded.seats.player_1!.id).toBe('dqn');
    expect(loaded.seats.player_2!.id).toBe('minimax');
    const a = runAecEpisode(env, (s) => preset.testAgent().act(s));
    const b = runAecEpisode(env, (s) => loaded.testAgent().act(s));
    expect(b).toEqual(a);
    // minimax never loses, so player_1's return is at most 0
    expect(a.returns.player_1).toBeLessThanOrEqual(0);
    preset.dispose();
    loaded.dispose();
    await expect(loadMultiagentPreset(path.join(dir, 'missing'), env)).rejects.toThrow(FileFormatError);
    await expect(loadMultiagentPreset(dir, makeMultiagentEnvironment('connect_four_v3'))).rejects.toThrow(/saved for tictactoe_v3/);
  });

  it('plays connect four with the random player in a seat', () => {
    const env = makeMultiagentEnvironment('connect_four_v3');
    const preset = independentMultiagent({ player_0: smallDqn, player_1: 'random' }).env(env).seed(1).build();
    const agent = preset.agent();
    const { turns } = runAecEpisode(env, (s) => agent.act(s));
    expect(turns).toBeGreaterThanOrEqual(7 + 2);
    preset.dispose();
  });

  it.each([
    ['ddqn', { hidden: 16, replayStartSize: 8, minibatchSize: 4 }],
    ['c51', { hidden: 16, replayStartSize: 8, minibatchSize: 4, atoms: 11 }],
    ['rainbow', { hidden: 16, replayStartSize: 8, minibatchSize: 4, atoms: 11 }],
    ['vpg', { hidden: 16 }],
  ] as const)('%s takes every seat, trains on masked states and plays only legal moves', (id, hp) => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    const preset = independentMultiagent(classicControl[id].hyperparameters(hp)).env(env).seed(2).build();
    const agent = preset.agent();
    const test = preset.testAgent();
    let moves = 0;
    for (let i = 0; i < 8; i++) {
      for (const player of [agent, test]) {
        runAecEpisode(env, (s) => {
          const a = player.act(s) as number;
          if (!s.done) {
            expect(s.actionMask[a]).toBe(1);
            moves++;
          }
          return a;
        });
      }
    }
    expect(moves).toBeGreaterThanOrEqual(16 * 5);
    preset.dispose();
  });

  it('rejects bad input with typed errors', () => {
    const env = makeMultiagentEnvironment('connect_four_v3');
    expect(() => independentMultiagent('minimax').env(env).build()).toThrow(/tictactoe_v3 only|knows only tictactoe_v3/);
    expect(() => independentMultiagent('chess').env(env).build()).toThrow(ConfigError);
    expect(() => independentMultiagent(classicControl.a2c).env(env).build()).toThrow(/parallel preset/);
    expect(() => independentMultiagent({ player_0: smallDqn }).env(env).build()).toThrow(/no preset for agent "player_1"/);
    expect(() => independentMultiagent(smallDqn).build()).toThrow(/call \.env\(env\)/);
  });
});
