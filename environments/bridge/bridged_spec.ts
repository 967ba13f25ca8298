/**
 * Registry entries for bridged ids: `gym:<gymnasium id>` is not registered in advance (any
 * gymnasium id works), so `environmentSpec` builds its entry on demand. The action kind is only
 * known once the environment exists, so `actionKind` comes from a first make (cached per id).
 */
import { ConfigError } from '../../lib/core/errors';
import type { EnvironmentSpec } from '../registry';
import { BridgedEnvironment, NO_TIME_LIMIT } from './bridged_environment';

/** Whether `id` names an environment served by the Python bridge. */
export function isBridgedId(id: string): boolean {
  return typeof id === 'string' && id.startsWith('gym:');
}

const known = new Map<string, { actionKind: 'discrete' | 'box'; maxEpisodeSteps: number }>();

function describe(id: string): { actionKind: 'discrete' | 'box'; maxEpisodeSteps: number } {
  let meta = known.get(id);
  if (meta === undefined) {
    const env = new BridgedEnvironment(gymId(id));
    meta = { actionKind: env.actionSpace.kind, maxEpisodeSteps: env.maxEpisodeSteps };
    env.close();
    known.set(id, meta);
  }
  return meta;
}

function gymId(id: string): string {
  const rest = id.slice('gym:'.length);
  if (rest === '') throw new ConfigError(`"${id}" names no gymnasium environment; write gym:<gymnasium id>, e.g. gym:CartPole-v1`);
  return rest;
}

/** The registry entry of a bridged id; `family` is `gym`, and the factory starts the environment in Python. */
export function bridgedSpec(id: string): EnvironmentSpec {
  const gid = gymId(id);
  return {
    id,
    family: 'gym',
    description: `gymnasium's ${gid} through the Python bridge`,
    get actionKind() {
      return describe(id).actionKind;
    },
    get maxEpisodeSteps() {
      return describe(id).maxEpisodeSteps ?? NO_TIME_LIMIT;
    },
    factory: (options) => new BridgedEnvironment(gid, options),
  };
}
