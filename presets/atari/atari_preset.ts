/**
 * What makes a preset an Atari preset, as ALL's all/presets/atari/*.py do it: the same agent as
 * the classic/minatar presets, wrapped with its test agents in a DeepmindAtariBody (stacks of
 * `frames` frames, clipped rewards, lost lives terminal), on the Nature network.
 *
 * `atariPreset(Inner)` makes a preset class that builds `Inner` (which owns the networks, saves
 * and loads them) and wraps what it returns. Environments give single 84x84x1 frames; the
 * networks read `frames` of them stacked (presets/atari/models.ts).
 */
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import { DeepmindAtariBody } from '../../lib/bodies/deepmind_atari_body';
import { count, hidden } from '../specs';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';

/** `frames` and `hidden`: frames per stack (the network's input channels) and the dense width (ALL: 4 and 512). */
export function natureNetwork(frames = 4, width = 512) {
  return {
    frames: count(frames, 'frames per stack: the FrameStack body and the network input channels'),
    ...hidden(width, 'width of the dense layer after the convolutions'),
  };
}

/** A preset class built from the preset arguments (what definePreset takes). */
type PresetClass = new (args: PresetArgs<any>) => Preset<any>;

/** The preset class `Inner` with every agent and test agent wrapped in a DeepmindAtariBody. */
export function atariPreset(Inner: PresetClass): new (args: PresetArgs<any>) => Preset<any> {
  return class AtariPreset extends Preset<any> {
    /** The preset that owns the networks. */
    readonly inner: Preset;

    constructor(args: PresetArgs<any>) {
      super(...args);
      this.inner = new Inner(args);
    }

    private wrap<A extends Agent | ParallelAgent>(agent: A): DeepmindAtariBody {
      return new DeepmindAtariBody(agent, { frameStack: (this.hyperparameters as { frames: number }).frames });
    }

    override get parallel(): boolean {
      return this.inner.parallel;
    }

    override get nEnvs(): number {
      return this.inner.nEnvs;
    }

    agent(options?: AgentOptions): DeepmindAtariBody {
      return this.wrap(this.inner.agent(options));
    }

    testAgent(): DeepmindAtariBody {
      return this.wrap(this.inner.testAgent());
    }

    override parallelTestAgent(): DeepmindAtariBody | undefined {
      const agent = this.inner.parallelTestAgent();
      return agent === undefined ? undefined : this.wrap(agent);
    }

    override save(dir: string): Promise<void> {
      return this.inner.save(dir);
    }

    override loadWeightsFrom(dir: string): void {
      this.inner.loadWeightsFrom(dir);
    }

    override dispose(): void {
      this.inner.dispose();
    }
  };
}
