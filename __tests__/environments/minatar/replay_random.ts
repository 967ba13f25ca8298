/**
 * A `Random` that hands out numbers recorded from the original MinAtar's numpy generator, in
 * order, so a test can run our games on exactly the original's random draws. Test helper only.
 */
import { Random } from '../../../lib/core/random';

/** One recorded draw: `['f', u]` a uniform float, `['i', k, n]` an integer k in [0, n). */
export type Draw = ['f', number] | ['i', number, number];

/** Replays recorded draws; throws when the game asks for a different kind of draw than was recorded. */
export class ReplayRandom extends Random {
  private next = 0;

  constructor(private readonly draws: readonly Draw[]) {
    super(0);
  }

  /** Draws consumed so far. */
  get used(): number {
    return this.next;
  }

  override random(): number {
    const d = this.take();
    if (d[0] !== 'f') throw new Error(`draw ${this.next - 1}: the game asked for a uniform float, the original drew an integer in [0, ${d[2]})`);
    return d[1];
  }

  override int(n: number): number {
    const d = this.take();
    if (d[0] !== 'i' || d[2] !== n) {
      throw new Error(`draw ${this.next - 1}: the game asked for an integer in [0, ${n}), the original drew ${JSON.stringify(d)}`);
    }
    return d[1];
  }

  private take(): Draw {
    const d = this.draws[this.next++];
    if (d === undefined) throw new Error(`the game drew more random numbers than the original's ${this.draws.length}`);
    return d;
  }
}
