/**
 * The multi-agent environment registry: `makeMultiagentEnvironment(id)`, the counterpart of
 * `makeEnvironment` for turn-based (AEC) environments, by PettingZoo id (ALL builds these with
 * `MultiagentPettingZooEnv(pettingzoo_module.env(), name)`). Families register their ids with
 * `registerMultiagentEnvironment`.
 */
import { ConfigError } from '../lib/core/errors';
import type { MultiagentEnvironment } from './multiagent_environment';
import { closestId } from './registry';
import { BridgedMultiagentEnvironment, isBridgedMultiagentId } from './bridge/bridged_multiagent';

/** What the registry keeps per id. */
export interface MultiagentEnvironmentSpec {
  id: string;
  /** Builds a fresh environment. */
  factory: () => MultiagentEnvironment;
  /** One-line description for `allts list`. */
  description: string;
}

const registry = new Map<string, MultiagentEnvironmentSpec>();

/**
 * Adds a multi-agent environment id.
 * @throws ConfigError when the id is taken
 */
export function registerMultiagentEnvironment(id: string, factory: () => MultiagentEnvironment, description: string): void {
  if (registry.has(id)) throw new ConfigError(`Multi-agent environment id "${id}" is already registered; pick another id`);
  registry.set(id, { id, factory, description });
}

/** Every registered multi-agent id, in registration order. */
export function listMultiagentEnvironments(): string[] {
  return [...registry.keys()];
}

/** True when `id` names a registered multi-agent environment. */
export function isMultiagentEnvironment(id: string): boolean {
  return registry.has(id) || isBridgedMultiagentId(id);
}

/**
 * Builds a fresh turn-based environment by PettingZoo id.
 * @param id e.g. `tictactoe_v3` or `connect_four_v3`
 * @throws ConfigError for an unknown id (naming the closest and listing the known ones)
 */
export function makeMultiagentEnvironment(id: string, options: Record<string, unknown> = {}): MultiagentEnvironment {
  if (isBridgedMultiagentId(id)) return new BridgedMultiagentEnvironment(id.slice('pettingzoo:'.length), options);
  const spec = typeof id === 'string' ? registry.get(id) : undefined;
  if (spec === undefined) {
    const ids = listMultiagentEnvironments();
    const suggestion = typeof id === 'string' ? closestId(id, ids) : undefined;
    throw new ConfigError(
      `Unknown multi-agent environment id "${String(id)}".` + (suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`) +
        ` Known ids: ${ids.join(', ')}`,
    );
  }
  return spec.factory();
}
