/**
 * The learning-rate schedule of presets with `annealLr`: cosine annealing to 0 over the number of
 * updates the training run will make (each preset counts them its own way), constant when that
 * count is unknown (an agent built without `trainSteps`) or annealing is off.
 */
import { constantSchedule, cosineSchedule, type Schedule } from '../lib/optim/schedules';

/**
 * @param lr initial learning rate
 * @param updates updates the run will make (Infinity or NaN when unknown)
 * @param anneal whether to anneal at all
 */
export function annealedLr(lr: number, updates: number, anneal: boolean): Schedule {
  return anneal && Number.isFinite(updates) && updates >= 1 ? cosineSchedule(lr, updates) : constantSchedule(lr);
}

/**
 * The updates a replay agent makes in a run of `trainSteps` frames: one per `updateFrequency`
 * frames once `replayStartSize` frames are stored (Infinity when the run length is unknown).
 */
export function replayUpdateCount(trainSteps: number | undefined, h: { replayStartSize: number; updateFrequency: number }): number {
  return ((trainSteps ?? Infinity) - h.replayStartSize) / h.updateFrequency;
}
