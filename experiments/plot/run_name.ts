/**
 * Tells the agent and the environment of a run from its directory name, for runs that have no
 * `run.json` (those written by the Python autonomous-learning-library).
 *
 * Ports the naming that ALL's `ExperimentLogger` uses (`all/logging/experiment.py`):
 * - ALL >= 0.9: `<logdir>/<agent>_<env>_<time>/returns100.csv`, `<time>` from strftime
 *   `%Y-%m-%d_%H:%M:%S_%f`, e.g. `2023-01-31_12:34:56_123456`.
 * - ALL < 0.9: `<logdir>/<agent>_<commit>_<time>/<env>/returns100.csv` (commit hash possibly empty).
 * - allts: `<logdir>/<agent>_<env>_<time>/` with `<time>` as ALL's but `-` for `:` (illegal on
 *   Windows), e.g. `2026-12-04_01-27-46_230000`; older allts runs used ALL's colons. Both parse.
 * ALL's own `plots.py` just takes `split('_')[0:2]`, which breaks as soon as a name holds `_`;
 * here the timestamp is matched at the end, and the remaining `<agent>_<env>` is split by the
 * rules of {@link splitAgentEnv}. A gymnasium id with a namespace (`ALE/Pong-v5`) makes ALL create
 * a nested directory; we parse the path relative to the logdir, so the `/` is kept in the env.
 */

/** Preset names of ALL and allts (classic control, continuous, atari), used to split `<agent>_<env>`. */
export const KNOWN_AGENTS: readonly string[] = [
  'a2c', 'c51', 'ddpg', 'ddqn', 'dqn', 'ppo', 'rainbow', 'sac', 'td3', 'vac', 'vpg', 'vqn', 'vsarsa',
];

/** Gymnasium ids that allts or ALL train on, used first to split `<agent>_<env>`. */
export const KNOWN_ENVS: readonly string[] = [
  'CartPole-v0', 'CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1', 'Pendulum-v1',
  'LunarLander-v2', 'LunarLander-v3', 'LunarLanderContinuous-v2', 'LunarLanderContinuous-v3',
  'BipedalWalker-v3', 'BipedalWalkerHardcore-v3', 'CarRacing-v2', 'CarRacing-v3',
  'Ant-v4', 'Ant-v5', 'HalfCheetah-v4', 'HalfCheetah-v5', 'Hopper-v4', 'Hopper-v5', 'Humanoid-v4',
  'Humanoid-v5', 'Walker2d-v4', 'Walker2d-v5', 'InvertedPendulum-v4', 'InvertedPendulum-v5',
  'InvertedDoublePendulum-v4', 'InvertedDoublePendulum-v5', 'Reacher-v4', 'Reacher-v5', 'Swimmer-v4', 'Swimmer-v5',
];

/** Agent and environment names recovered from a run directory. */
export interface RunName {
  agent: string;
  env: string;
}

/** Lists that steer the split of `<agent>_<env>`. */
export interface RunNameOptions {
  /** Agent names tried as a prefix (default {@link KNOWN_AGENTS}). */
  agents?: readonly string[];
  /** Environment ids tried as a suffix (default {@link KNOWN_ENVS}). */
  envs?: readonly string[];
}

/**
 * A run's timestamp at the end of a name, with the separator before it. Accepts allts's
 * `2026-12-04_01-27-46_230000`, ALL's `2023-01-31_12:34:56_123456` (and allts's before it went
 * portable), ALL's older `2019-09-13 12:34:56.123456` and `20190913-123456`, ISO basic
 * `20261204T012746`, and ISO-like forms such as `2024-01-31T12-34-56-789Z` or `2024-01-31T12:34:56.789Z`.
 */
const TIMESTAMP_AT_END = /[_ ]\d{4}-?\d{2}-?\d{2}[_ T-]\d{2}[:-]?\d{2}[:-]?\d{2}(?:[_ .-]\d{1,9})?Z?$/;

/** A versioned id: gymnasium `Name-v3` (namespace allowed), or PettingZoo `name_v6`. No other `_`. */
const VERSIONED_ID = /^[A-Za-z0-9][A-Za-z0-9.\-/]*(?:-v|_v)\d+$/;

/** A commit hash (or nothing) and separators at the end of an old-layout agent directory. */
const COMMIT_AT_END = /(?:[_ ]+[0-9a-f]{7,40})?[_ ]*$/;

/**
 * Splits `<agent>_<env>` where either name may contain `_`. Candidates are the `_` positions with
 * no `/` before them (agent names hold no `/`); the first rule that picks a candidate wins:
 * 1. the env part is a known environment id (longest such env);
 * 2. the agent part is a known agent name (longest such agent);
 * 3. the env part is a versioned id (`Name-v3`, `name_v6`) with no other `_` (longest such env);
 * 4. otherwise the first `_` (ALL's own rule: agent names usually have no `_`).
 * Ambiguity that remains: an unknown agent whose name contains `_` before a versioned env with
 * `_` (`my_agent_my_env-v0` gives `my_agent_my` / `env-v0`); our runs carry `run.json`, which wins.
 * @param stem the directory name without its timestamp, e.g. `vsarsa_my_env-v0`.
 * @returns the split, or undefined when the stem has no usable `_`.
 */
export function splitAgentEnv(stem: string, options: RunNameOptions = {}): RunName | undefined {
  const agents = new Set(options.agents ?? KNOWN_AGENTS);
  const envs = new Set(options.envs ?? KNOWN_ENVS);
  const splits: RunName[] = [];
  for (let i = stem.indexOf('_'); i >= 0; i = stem.indexOf('_', i + 1)) {
    const agent = stem.slice(0, i);
    const env = stem.slice(i + 1);
    if (agent.includes('/')) break;
    if (agent.length > 0 && env.length > 0) splits.push({ agent, env });
  }
  // `splits` runs from the shortest agent (longest env) to the longest agent.
  const knownEnv = splits.find((s) => envs.has(s.env));
  if (knownEnv) return knownEnv;
  const knownAgent = [...splits].reverse().find((s) => agents.has(s.agent));
  if (knownAgent) return knownAgent;
  const versioned = splits.find((s) => VERSIONED_ID.test(s.env));
  if (versioned) return versioned;
  return splits[0];
}

/**
 * Recovers agent and env from a run directory's path relative to the logdir (`/`-separated).
 * New layout `<agent>_<env>_<time>` (env may hold `/`), old ALL layout `<agent>_<commit>_<time>/<env>`,
 * and, without a timestamp, a bare `<agent>_<env>`.
 * @param relativePath e.g. `dqn_CartPole-v1_2026-12-04_01-27-46_230000` (allts) or
 *   `dqn_CartPole-v1_2023-01-31_12:34:56_123456` (ALL, and allts before its names went portable).
 * @returns the names, or undefined when the path cannot be read as a run name.
 */
export function parseRunName(relativePath: string, options: RunNameOptions = {}): RunName | undefined {
  const path = relativePath.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  if (TIMESTAMP_AT_END.exec(`_${path}`)?.index === 0) return undefined; // a bare timestamp
  const newLayout = TIMESTAMP_AT_END.exec(path);
  if (newLayout) return splitAgentEnv(path.slice(0, newLayout.index), options);
  const slash = path.indexOf('/');
  if (slash > 0) {
    const first = path.slice(0, slash);
    const oldLayout = TIMESTAMP_AT_END.exec(first);
    if (oldLayout) {
      const agent = first.slice(0, oldLayout.index).replace(COMMIT_AT_END, '');
      const env = path.slice(slash + 1);
      return agent.length > 0 && env.length > 0 ? { agent, env } : undefined;
    }
    return undefined;
  }
  return splitAgentEnv(path, options);
}
