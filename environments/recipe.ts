/**
 * How an environment was made: `makeEnvironment`'s id and options, remembered beside the object,
 * so a run can be repeated in another process (parallel runs, sweeps, Slurm tasks, resumed runs)
 * without asking the user to describe the environment twice.
 */
import { ConfigError } from '../lib/core/errors';
import type { Environment } from './environment';

/** The id and options that `makeEnvironment` was called with. */
export interface EnvironmentRecipe {
  id: string;
  options: Record<string, unknown>;
}

const recipes = new WeakMap<object, EnvironmentRecipe>();

/** Records how `env` was made (called by the registries' make functions). */
export function rememberRecipe(env: object, id: string, options: Record<string, unknown>): void {
  recipes.set(env, { id, options: structuredClone(options) });
}

/** How `env` was made, or undefined for an environment built some other way. */
export function environmentRecipe(env: object): EnvironmentRecipe | undefined {
  const recipe = recipes.get(env);
  return recipe === undefined ? undefined : { id: recipe.id, options: structuredClone(recipe.options) };
}

/** As environmentRecipe, but throws a ConfigError saying how to fix it when the recipe is unknown. */
export function requireRecipe(env: Environment, purpose: string): EnvironmentRecipe {
  const recipe = environmentRecipe(env);
  if (recipe === undefined) {
    throw new ConfigError(
      `${purpose} rebuilds each environment in another process from its id, but "${env.name}" was not made by ` +
        `makeEnvironment(id, options). Make it with makeEnvironment, or register its factory with ` +
        `registerEnvironment(id, factory, meta) first.`,
    );
  }
  return recipe;
}
