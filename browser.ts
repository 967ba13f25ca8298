/**
 * allts's browser entry (issue 20): what runs in a web page or a Web Worker, with no Node.js
 * built-ins in its import graph. Agents, presets (classic control, continuous and MinAtar), environments
 * (classic control, Box2D, MinAtar) with their rendering, policies, memory, and the browser's
 * backend choice and preset loading. Node-only parts stay behind the package root (`allts`):
 * `preset.save(dir)` / `loadPreset(dir)` (use `preset.files()` / `loadPresetFiles` here),
 * loggers that write files, experiments, the Python bridge, parallel matmul worker threads.
 *
 * Import it as `allts/dist/browser` (compiled) or bundle `browser.ts` (web/build.js does, with esbuild).
 */
// backend and tensors
export { tf } from './lib/tf';
export { initBrowserBackend, browserBackend, BROWSER_BACKENDS, type BrowserBackendName, type BrowserBackendOptions } from './lib/browser/backend';
// core
export { State, StateArray, shapeSize, type StateInit, type Info } from './lib/core/state';
export { Box, Discrete, type Space } from './lib/core/spaces';
export { Random } from './lib/core/random';
export { AlltsError, BackendError, ConfigError, FileFormatError, NumericError, ShapeError, SpaceError, StateError } from './lib/core/errors';
export type { RgbFrame } from './lib/core/rgb_frame';
// environments (importing Box2D and MinAtar registers their ids)
export type { Action, Environment, ResetOptions, VectorEnvironment } from './environments/environment';
export { makeEnvironment, listEnvironments, environmentSpec } from './environments/registry';
export { GymEnvironment } from './environments/gym_environment';
export { CartPole } from './environments/classic_control/cart_pole';
export { MountainCar } from './environments/classic_control/mountain_car';
export { ContinuousMountainCar } from './environments/classic_control/continuous_mountain_car';
export { Acrobot } from './environments/classic_control/acrobot';
export { Pendulum } from './environments/classic_control/pendulum';
import './environments/box2d/index';
import './environments/minatar/index';
// agents, policies, memory
export type { Agent, ParallelAgent } from './lib/agents/agent';
export { DQN, DQNTestAgent } from './lib/agents/dqn';
export { DDQN } from './lib/agents/ddqn';
export { C51 } from './lib/agents/c51';
export { Rainbow } from './lib/agents/rainbow';
export { VQN } from './lib/agents/vqn';
export { VSarsa } from './lib/agents/vsarsa';
export { VAC } from './lib/agents/vac';
export { VPG } from './lib/agents/vpg';
export { A2C } from './lib/agents/a2c';
export { PPO } from './lib/agents/ppo';
export { DDPG } from './lib/agents/ddpg';
export { TD3 } from './lib/agents/td3';
export { SAC } from './lib/agents/sac';
export { RandomAgent } from './lib/agents/random_agent';
export { GreedyPolicy, ParallelGreedyPolicy } from './lib/policies/greedy';
export { SoftmaxPolicy } from './lib/policies/softmax';
export { GaussianPolicy } from './lib/policies/gaussian';
export { DeterministicPolicy } from './lib/policies/deterministic';
export { SoftDeterministicPolicy } from './lib/policies/soft_deterministic';
export * from './lib/memory';
export { DummyLogger, type Logger } from './lib/logging/logger';
// presets
export { classicControl } from './presets/classic_control';
export { continuous } from './presets/continuous';
export { minatar } from './presets/minatar';
export { Preset, type PresetFiles, type AgentOptions } from './presets/preset';
export { BROWSER_FAMILIES, browserPresetBuilder, loadPresetFiles, loadPresetFromUrl, presetFiles } from './presets/browser';
export { hasNodeBuiltins } from './lib/core/node_builtins';
