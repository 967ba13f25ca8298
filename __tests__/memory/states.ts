/** Tiny State builders for the memory tests. */
import { State, StateArray } from '../../lib/core/state';

/** A state with observation `[k, -k]`, arriving with `reward`. */
export function s2(k: number, reward = 0, flags: { terminated?: boolean; truncated?: boolean } = {}): State {
  return new State({ observation: [k, -k], reward, ...flags });
}

/** A one-value state with observation `[k]`. */
export function s1(k: number, reward = 0, flags: { terminated?: boolean; truncated?: boolean } = {}): State {
  return new State({ observation: [k], reward, ...flags });
}

/** A StateArray of one-value states: observations, rewards, and which are terminated / truncated. */
export function array1(
  observations: number[],
  rewards: number[] = observations.map(() => 0),
  terminated: number[] = observations.map(() => 0),
  truncated: number[] = observations.map(() => 0),
): StateArray {
  return new StateArray({
    observation: Float32Array.from(observations),
    shape: [1],
    reward: Float32Array.from(rewards),
    terminated: Uint8Array.from(terminated),
    truncated: Uint8Array.from(truncated),
  });
}
