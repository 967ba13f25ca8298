/**
 * BridgedMultiagentEnvironment: a PettingZoo AEC environment in Python (`pettingzoo:<family>/<name>`,
 * e.g. `pettingzoo:classic/tictactoe_v3`), seen as an allts MultiagentEnvironment. Every reset and
 * step returns a snapshot of the AEC state (agents, selection, terminations, truncations and the
 * selected agent's `last()`), so the getters cost no round trip. Dict observations with an
 * `action_mask` (PettingZoo's classic games) become the State's observation and actionMask.
 */
import { ConfigError, StateError } from '../../lib/core/errors';
import { MultiagentState } from '../../lib/core/multiagent_state';
import type { Box, Discrete } from '../../lib/core/spaces';
import type { Info } from '../../lib/core/state';
import type { ResetOptions } from '../environment';
import type { MultiagentEnvironment } from '../multiagent_environment';
import { type PythonBridge, sharedBridge } from './bridge';
import { splitOptions, toSpace } from './bridged_environment';
import { type NdArray, toFloat64 } from './frames';

interface Snapshot {
  agents: string[];
  agentSelection: string | null;
  terminations: Record<string, boolean>;
  truncations: Record<string, boolean>;
  rewards: Record<string, number>;
  last?: { obs: NdArray; mask: NdArray | null; reward: number; terminated: boolean; truncated: boolean; info: Info };
}

/** Whether `id` names a PettingZoo environment served by the bridge. */
export function isBridgedMultiagentId(id: string): boolean {
  return typeof id === 'string' && id.startsWith('pettingzoo:');
}

export class BridgedMultiagentEnvironment implements MultiagentEnvironment {
  readonly name: string;
  readonly possibleAgents: readonly string[];
  private readonly bridge: PythonBridge;
  private readonly handle: number;
  private readonly observationSpaces: Record<string, Box>;
  private readonly actionSpaces: Record<string, Discrete>;
  private snap: Snapshot | undefined;
  private closed = false;

  /** @param path PettingZoo module path, e.g. `classic/tictactoe_v3`; options are its `env(**kwargs)` plus `python` */
  constructor(path: string, options: Record<string, unknown> = {}) {
    if (!/^[a-z0-9_]+\/[a-z0-9_]+$/.test(path)) {
      throw new ConfigError(`"pettingzoo:${path}" is not a PettingZoo module path; write pettingzoo:<family>/<name>, e.g. pettingzoo:classic/tictactoe_v3`);
    }
    const { python, kwargs } = splitOptions(options);
    this.bridge = sharedBridge(python);
    this.name = `pettingzoo:${path}`;
    const reply = this.bridge.request('make', { id: this.name, name: this.name, kwargs }, undefined, this.name);
    this.handle = reply.handle as number;
    this.possibleAgents = Object.freeze([...(reply.possibleAgents as string[])]);
    this.observationSpaces = {};
    this.actionSpaces = {};
    for (const a of this.possibleAgents) {
      const o = toSpace((reply.observationSpaces as Record<string, Record<string, unknown>>)[a]!, `${this.name}'s observation space of ${a}`);
      const s = toSpace((reply.actionSpaces as Record<string, Record<string, unknown>>)[a]!, `${this.name}'s action space of ${a}`);
      if (o.kind !== 'box' || s.kind !== 'discrete') {
        throw new ConfigError(`${this.name}: allts multi-agent environments need Box observations and Discrete actions; ${a} has ${o.toString()} and ${s.toString()}`);
      }
      this.observationSpaces[a] = o;
      this.actionSpaces[a] = s;
    }
  }

  get agents(): readonly string[] {
    return this.snapshot().agents;
  }

  get agentSelection(): string {
    const s = this.snapshot().agentSelection;
    if (s === null) throw new StateError(`${this.name}: every agent has left the episode; call reset() to start a new one`);
    return s;
  }

  observationSpace(agent: string): Box {
    return this.checkAgent(agent, this.observationSpaces);
  }

  actionSpace(agent: string): Discrete {
    return this.checkAgent(agent, this.actionSpaces);
  }

  reset(options?: ResetOptions): MultiagentState {
    if (this.closed) throw new StateError(`${this.name} was closed; make a new one`);
    this.snap = this.bridge.request('pz_reset', { handle: this.handle, seed: options?.seed ?? null }, undefined, this.name) as unknown as Snapshot;
    return this.last();
  }

  step(action: number | null): void {
    this.snapshot();
    if (this.closed) throw new StateError(`${this.name} was closed; make a new one`);
    this.snap = this.bridge.request('pz_step', { handle: this.handle, action }, undefined, this.name) as unknown as Snapshot;
  }

  last(): MultiagentState {
    const s = this.snapshot();
    const agent = this.agentSelection;
    const l = s.last!;
    const space = this.observationSpaces[agent]!;
    const n = this.actionSpaces[agent]!.n;
    return new MultiagentState({
      observation: Float32Array.from(toFloat64(l.obs)),
      shape: space.shape,
      reward: l.reward,
      terminated: l.terminated,
      truncated: l.truncated,
      info: l.info,
      agent,
      actionMask: l.mask === null ? new Uint8Array(n).fill(1) : Uint8Array.from(l.mask.data as ArrayLike<number>),
    });
  }

  *agentIter(): IterableIterator<string> {
    while (this.snapshot().agents.length > 0) yield this.agentSelection;
  }

  isDone(agent: string): boolean {
    const s = this.snapshot();
    return (s.terminations[agent] ?? false) || (s.truncations[agent] ?? false);
  }

  /** PettingZoo's `rewards` of the last step, per agent. */
  get rewards(): Readonly<Record<string, number>> {
    return this.snapshot().rewards;
  }

  render(): string {
    return this.bridge.request('pz_render', { handle: this.handle }, undefined, this.name).text as string;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.bridge.process.alive) this.bridge.request('close', { handle: this.handle }, undefined, this.name);
  }

  private snapshot(): Snapshot {
    if (this.snap === undefined) throw new StateError(`${this.name}: call reset() first`);
    return this.snap;
  }

  private checkAgent<T>(agent: string, table: Record<string, T>): T {
    const v = table[agent];
    if (v === undefined) throw new ConfigError(`${this.name} has no agent "${agent}"; its agents are ${this.possibleAgents.join(', ')}`);
    return v;
  }
}
