/** Picks the experiment a preset needs: single-environment now, parallel for parallel presets. */
import type { Environment } from '../environments/environment';
import type { Preset } from '../presets/preset';
import { SingleEnvExperiment, type SingleEnvExperimentOptions } from './single_env_experiment';

export function makeExperiment(preset: Preset, env: Environment, options: SingleEnvExperimentOptions): SingleEnvExperiment {
  return new SingleEnvExperiment(preset, env, options);
}
