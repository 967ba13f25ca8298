/**
 * When a replay agent trains (ALL's `_should_train`): after `replayStartSize` frames, on every
 * `updateFrequency`-th frame. One clock per agent, ticked once per environment frame.
 * A run resumed without its replay buffer restarts the warm-up (`restartWarmUp`), so the agent
 * refills the buffer before it samples from it again.
 */

/** Counts frames and says when an update is due. */
export class UpdateClock {
  private frames = 0;
  /** No update is due before this frame (a resumed run's second warm-up). */
  private warmUntil = 0;

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
    return this.frames > this.replayStartSize && this.frames > this.warmUntil && this.frames % this.updateFrequency === 0;
  }

  /** Waits `replayStartSize` more frames before the next update (the replay buffer starts empty again). */
  restartWarmUp(): void {
    this.warmUntil = this.frames + this.replayStartSize;
  }

  /** True while no update can have been due yet (the first warm-up, or a resumed run's second). */
  get warmingUp(): boolean {
    return this.frames <= this.replayStartSize || this.frames <= this.warmUntil;
  }

  /** Frames counted so far. */
  get framesSeen(): number {
    return this.frames;
  }
}
