/** Picks the experiment a preset needs: ParallelEnvExperiment for parallel presets, else SingleEnvExperiment. */
import type { Environment } from '../environments/environment';
import type { Preset } from '../presets/preset';
import { ParallelEnvExperiment, type ParallelEnvExperimentOptions } from './parallel_env_experiment';
import { SingleEnvExperiment, type SingleEnvExperimentOptions } from './single_env_experiment';

/** Options both experiments accept. */
export type AnyExperimentOptions = SingleEnvExperimentOptions & ParallelEnvExperimentOptions;

export function makeExperiment(preset: Preset, env: Environment, options: Omit<AnyExperimentOptions, 'onEpisode'> & {
  onEpisode?: (e: { frame: number; episode: number; trainingReturns: readonly number[] }) => void;
}): SingleEnvExperiment | ParallelEnvExperiment {
  return preset.parallel ? new ParallelEnvExperiment(preset, env, options) : new SingleEnvExperiment(preset, env, options);
}
