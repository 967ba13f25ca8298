/**
 * When a replay agent trains (ALL's `_should_train`): after `replayStartSize` frames, on every
 * `updateFrequency`-th frame. One clock per agent, ticked once per environment frame.
 */

/** Counts frames and says when an update is due. */
export class UpdateClock {
  private frames = 0;

  /**
   * @param replayStartSize frames counted before the first update can be due
   * @param updateFrequency frames between updates
   */
  constructor(
    private readonly replayStartSize: number,
    private readonly updateFrequency: number,
  ) {}

  /** Counts one frame; true when an update is due on it. */
  tick(): boolean {
    this.frames += 1;
    return this.frames > this.replayStartSize && this.frames % this.updateFrequency === 0;
  }

  /** Frames counted so far. */
  get framesSeen(): number {
    return this.frames;
  }
}
