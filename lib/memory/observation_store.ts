/**
 * What a replay buffer needs of its observation storage: observations kept once each and named
 * by serial numbers in the order added. ObservationRing (whole observations) and FrameStackStore
 * (stacked frames, each frame once) implement it; ExperienceReplayBuffer picks one by the first
 * state it keeps.
 */
import type { Observation } from '../core/state';

/** Observation storage addressed by serial; see ObservationRing for the contract. */
export interface ObservationStore {
  /** Shape of one observation. */
  readonly shape: readonly number[];
  /** Values per observation. */
  readonly size: number;
  /** The observation type held. */
  readonly dtype: 'float32' | 'uint8';
  /** Bytes allocated. */
  readonly bytes: number;
  /** Serial of the newest observation, or -1 before the first. */
  readonly newest: number;
  /** Keeps `observation` (serials from `oldestLive` on stay readable) and returns its serial. */
  add(observation: Observation, oldestLive: number): number;
  /** Copies observation `serial` into `out` at `offset`. */
  copyTo(serial: number, out: Float32Array | Uint8Array, offset: number): void;
  /** The serial a compacted (32-bit) one stands for. */
  expand(compacted: number): number;
}
