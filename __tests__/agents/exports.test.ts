/** Every agent, its test agent and the shared loops are exported by name from the package root. */
import * as allts from '../../index';

describe('package root', () => {
  it('exports every agent class with its test agent', () => {
    const pairs: [string, string][] = [
      ['DQN', 'DQNTestAgent'],
      ['DDQN', 'DDQNTestAgent'],
      ['C51', 'C51TestAgent'],
      ['Rainbow', 'RainbowTestAgent'],
      ['VQN', 'VQNTestAgent'],
      ['VSarsa', 'VSarsaTestAgent'],
      ['VAC', 'VACTestAgent'],
      ['VPG', 'VPGTestAgent'],
      ['A2C', 'A2CTestAgent'],
      ['PPO', 'PPOTestAgent'],
      ['DDPG', 'DDPGTestAgent'],
      ['TD3', 'TD3TestAgent'],
      ['SAC', 'SACTestAgent'],
    ];
    const root = allts as unknown as Record<string, unknown>;
    for (const [agent, testAgent] of pairs) {
      expect(typeof root[agent]).toBe('function');
      expect(typeof root[testAgent]).toBe('function');
    }
    for (const name of ['VQNParallelTestAgent', 'VSarsaParallelTestAgent', 'ReplayAgent', 'RolloutAgent', 'OnlineAgent', 'UpdateClock', 'recordsDiagnostics']) {
      expect(typeof root[name]).toBe('function');
    }
  });

  it('exports the multi-agent API (issue 12)', () => {
    const root = allts as unknown as Record<string, unknown>;
    for (const name of ['makeMultiagentEnvironment', 'MultiagentState', 'IndependentMultiagent', 'RandomAgent', 'MinimaxTicTacToeAgent',
      'TicTacToe', 'ConnectFour', 'TurnBasedEnvironment', 'independentMultiagent', 'loadMultiagentPreset', 'MultiagentEnvExperiment',
      'runMultiagentExperiment', 'seatRecords', 'PrefixedLogger']) {
      expect(typeof root[name]).toBe('function');
    }
    expect(allts.makeMultiagentEnvironment('tictactoe_v3').possibleAgents).toEqual(['player_1', 'player_2']);
    expect(allts.makeMultiagentEnvironment('connect_four_v3').possibleAgents).toEqual(['player_0', 'player_1']);
  });

  it('exports the minatar family, the convolution and RMSprop', () => {
    const root = allts as unknown as Record<string, unknown>;
    for (const name of ['Conv2d', 'conv2dOutputSize', 'FlatRMSprop']) expect(typeof root[name]).toBe('function');
    expect(Object.keys(allts.minatar)).toEqual(['dqn', 'ddqn', 'c51', 'rainbow', 'vqn', 'vsarsa', 'vac', 'vpg', 'a2c', 'ppo', 'recurrent_q']);
  });
});
