/**
 * allts's browser entry (issue 20): what runs in a web page or a Web Worker, with no Node.js
 * built-ins in its import graph. Agents, presets (classic control and continuous), environments
 * (classic control, Box2D, MinAtar) with their rendering, policies, memory, and the browser's
 * backend choice and preset loading. Node-only parts stay behind the package root (`allts`):
 * `preset.save(dir)` / `loadPreset(dir)` (use `preset.files()` / `loadPresetFiles` here),
 * loggers that write files, experiments, the Python bridge, parallel matmul worker threads.
 *
 * Import it as `allts/dist/lib/browser` (compiled) or bundle `lib/browser/index.ts`; see web/.
 */
// backend and tensors
export { tf } from '../tf';
export { initBrowserBackend, browserBackend, BROWSER_BACKENDS, type BrowserBackendName, type BrowserBackendOptions } from './backend';
// core
export { State, StateArray, shapeSize, type StateInit, type Info } from '../core/state';
export { Box, Discrete, type Space } from '../core/spaces';
export { Random } from '../core/random';
export { AlltsError, BackendError, ConfigError, FileFormatError, NumericError, ShapeError, SpaceError, StateError } from '../core/errors';
export type { RgbFrame } from '../core/rgb_frame';
// environments (importing Box2D and MinAtar registers their ids)
export type { Action, Environment, ResetOptions } from '../../environments/environment';
export { makeEnvironment, listEnvironments, environmentSpec } from '../../environments/registry';
export { GymEnvironment } from '../../environments/gym_environment';
export { CartPole } from '../../environments/classic_control/cart_pole';
export { MountainCar } from '../../environments/classic_control/mountain_car';
export { ContinuousMountainCar } from '../../environments/classic_control/continuous_mountain_car';
export { Acrobot } from '../../environments/classic_control/acrobot';
export { Pendulum } from '../../environments/classic_control/pendulum';
import '../../environments/box2d/index';
import '../../environments/minatar/index';
// agents, policies, memory
export type { Agent, ParallelAgent } from '../agents/agent';
export { DQN } from '../agents/dqn';
export { PPO } from '../agents/ppo';
export { A2C } from '../agents/a2c';
export { RandomAgent } from '../agents/random_agent';
export { GreedyPolicy } from '../policies/greedy';
export { SoftmaxPolicy } from '../policies/softmax';
export { GaussianPolicy } from '../policies/gaussian';
export * from '../memory';
export { DummyLogger, type Logger } from '../logging/logger';
// presets
export { classicControl } from '../../presets/classic_control';
export { continuous } from '../../presets/continuous';
export { Preset, type PresetFiles, type AgentOptions } from '../../presets/preset';
export { BROWSER_FAMILIES, browserPresetBuilder, loadPresetFiles, loadPresetFromUrl, presetFiles } from './presets';
export { hasNodeBuiltins } from '../core/node_builtins';
