/**
 * The core of gymnasium 0.29.1's MuJoCo environments (`MujocoEnv`), on MuJoCo's WebAssembly build:
 * a model loaded from gymnasium's XML, `frameSkip` calls of `mj_step` per environment step, then
 * `mj_rnePostConstraint` (contact forces read zero without it), and `set_state` as gymnasium's
 * (qpos and qvel, then `mj_forward`). Subclasses give the observation, reward, termination and
 * reset noise of each task.
 *
 * MuJoCo's model and data live on the WebAssembly heap, which the garbage collector does not free:
 * `close()` (GymEnvironment.close) frees each exactly once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Box } from '../../lib/core/spaces';
import { ShapeError, StateError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import type { Action, RgbFrame } from '../environment';
import type { EnvironmentCore, StepResult } from '../gym_environment';
import { createFrame, drawLine, fillCircle } from '../render/raster';
import { assetsDir, mujoco, type MjData, type MjModel, type Mujoco } from './physics';

const GEOM_PLANE = 0;
const GEOM_SPHERE = 2;
const GEOM_CAPSULE = 3;
const GEOM_CYLINDER = 5;
const FRAME_WIDTH = 480;
const FRAME_HEIGHT = 320;

export abstract class MujocoCore implements EnvironmentCore {
  readonly actionSpace: Box;
  abstract readonly observationSpace: Box;
  protected readonly mj: Mujoco;
  protected readonly model: MjModel;
  protected readonly data: MjData;
  /** qpos and qvel right after loading (gymnasium's init_qpos / init_qvel). */
  protected readonly initQpos: Float64Array;
  protected readonly initQvel: Float64Array;
  protected readonly result: StepResult = { reward: 0, terminated: false };
  private freed = false;

  /**
   * @param id environment id, for error messages
   * @param modelFile gymnasium's XML file name, e.g. `hopper.xml`
   * @param frameSkip mj_step calls per environment step
   */
  constructor(
    readonly id: string,
    modelFile: string,
    readonly frameSkip: number,
  ) {
    this.mj = mujoco(id);
    this.model = this.mj.MjModel.from_xml_string(fs.readFileSync(path.join(assetsDir(), modelFile), 'utf8'));
    this.data = new this.mj.MjData(this.model);
    this.initQpos = Float64Array.from(this.data.qpos as Float64Array);
    this.initQvel = Float64Array.from(this.data.qvel as Float64Array);
    const range = this.model.actuator_ctrlrange as Float64Array;
    const nu = this.model.nu;
    this.actionSpace = new Box(
      Array.from({ length: nu }, (_, i) => range[2 * i]!),
      Array.from({ length: nu }, (_, i) => range[2 * i + 1]!),
      [nu],
    );
  }

  /** Seconds of simulated time per environment step (gymnasium's `dt`). */
  get dt(): number {
    return this.model.opt.timestep * this.frameSkip;
  }

  /** Generalised positions (a copy). */
  get qpos(): Float64Array {
    this.checkOpen();
    return Float64Array.from(this.data.qpos as Float64Array);
  }

  /** Generalised velocities (a copy). */
  get qvel(): Float64Array {
    this.checkOpen();
    return Float64Array.from(this.data.qvel as Float64Array);
  }

  /**
   * The physical state [qpos, qvel] (a copy: write it back whole). Assigning sets qpos and qvel and
   * runs mj_forward, as gymnasium's `set_state`.
   */
  get state(): Float64Array {
    this.checkOpen();
    const out = new Float64Array(this.model.nq + this.model.nv);
    out.set(this.data.qpos as Float64Array, 0);
    out.set(this.data.qvel as Float64Array, this.model.nq);
    return out;
  }

  set state(values: ArrayLike<number>) {
    const { nq, nv } = this.model;
    if (values.length !== nq + nv) {
      throw new ShapeError(`${this.id} physical state is [qpos (${nq}), qvel (${nv})], ${nq + nv} values; received ${values.length}`);
    }
    this.setState(Array.prototype.slice.call(values, 0, nq), Array.prototype.slice.call(values, nq));
  }

  /** gymnasium's set_state: qpos and qvel, then mj_forward. */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    this.checkOpen();
    (this.data.qpos as Float64Array).set(qpos);
    (this.data.qvel as Float64Array).set(qvel);
    this.mj.mj_forward(this.model, this.data);
  }

  reset(rng: Random): void {
    this.checkOpen();
    this.mj.mj_resetData(this.model, this.data);
    this.resetModel(rng);
  }

  step(action: Action): StepResult {
    this.checkOpen();
    this.stepTask(action as Float32Array);
    return this.result;
  }

  /** gymnasium's do_simulation: set the controls, mj_step frameSkip times, then mj_rnePostConstraint. */
  protected doSimulation(action: Float32Array): void {
    (this.data.ctrl as Float64Array).set(action);
    for (let i = 0; i < this.frameSkip; i++) this.mj.mj_step(this.model, this.data);
    this.mj.mj_rnePostConstraint(this.model, this.data);
  }

  /** The id of the body named `name` (gymnasium's get_body_com reads its xpos). */
  protected bodyId(name: string): number {
    const accessor = this.model.body(name);
    const id = accessor.id as number;
    (accessor as { delete?: () => void }).delete?.();
    return id;
  }

  /** qpos without its first `skip` entries, then qvel (clipped to +-clip when given), as float32. */
  protected positionsAndVelocities(skip: number, clip = Infinity, extra = 0): Float32Array {
    const qpos = this.data.qpos as Float64Array;
    const qvel = this.data.qvel as Float64Array;
    const out = new Float32Array(qpos.length - skip + qvel.length + extra);
    out.set(qpos.subarray(skip), 0);
    for (let i = 0; i < qvel.length; i++) out[qpos.length - skip + i] = Math.min(clip, Math.max(-clip, qvel[i]!));
    return out;
  }

  /**
   * gymnasium's usual reset_model: qpos + uniform(+-scale) and qvel + uniform(+-scale), or
   * qvel + scale * normal when `qvelNoise` is 'normal'; then set_state.
   */
  protected resetWithNoise(rng: Random, scale: number, qvelNoise: 'uniform' | 'normal' = 'uniform'): void {
    const qpos = this.uniform(rng, this.model.nq, -scale, scale).map((x, i) => this.initQpos[i]! + x);
    const qvel =
      qvelNoise === 'uniform'
        ? this.uniform(rng, this.model.nv, -scale, scale).map((x, i) => this.initQvel[i]! + x)
        : Float64Array.from({ length: this.model.nv }, (_, i) => this.initQvel[i]! + scale * rng.normal());
    this.setState(qpos, qvel);
  }

  /** Simulates `action` (doSimulation) and returns the velocity of `position()` over the step (its change over dt). */
  protected simulateForVelocity(action: Float32Array, position: () => number = () => this.data.qpos[0] as number): number {
    const before = position();
    this.doSimulation(action);
    return (position() - before) / this.dt;
  }

  /** `n` uniform draws in [low, high) (numpy's `uniform(low, high, size=n)`, from our generator). */
  protected uniform(rng: Random, n: number, low: number, high: number): Float64Array {
    return Float64Array.from({ length: n }, () => rng.uniform(low, high));
  }

  /** The sum of squared actions (the tasks' control cost before its weight). */
  protected static squaredNorm(action: ArrayLike<number>): number {
    let sum = 0;
    for (let i = 0; i < action.length; i++) sum += action[i]! * action[i]!;
    return sum;
  }

  /** Samples the initial state (gymnasium's reset_model). */
  protected abstract resetModel(rng: Random): void;

  /** One environment step: simulate, then fill `this.result`. */
  protected abstract stepTask(action: Float32Array): void;

  abstract observation(): Float32Array;

  renderText(): string {
    const fmt = (xs: Float64Array) => Array.from(xs, (x) => x.toFixed(3)).join(' ');
    return `${this.id}  t ${(this.data.time as number).toFixed(2)} s\nqpos ${fmt(this.qpos)}\nqvel ${fmt(this.qvel)}`;
  }

  /**
   * A side view (the x-z plane, following the first body) of the capsules, cylinders and spheres,
   * with the floor; not MuJoCo's renderer, which the WebAssembly build does not offer headless.
   */
  renderRgb(): RgbFrame {
    this.checkOpen();
    const frame = createFrame(FRAME_WIDTH, FRAME_HEIGHT, [235, 240, 245]);
    const xpos = this.data.geom_xpos as Float64Array;
    const xmat = this.data.geom_xmat as Float64Array;
    const types = this.model.geom_type as Int32Array;
    const sizes = this.model.geom_size as Float64Array;
    const body = this.data.xpos as Float64Array;
    const cx = this.model.nbody > 1 ? body[3]! : 0;
    const cz = this.model.nbody > 1 ? Math.max(body[5]!, 0.6) : 0;
    const scale = FRAME_HEIGHT / 3;
    const px = (x: number) => FRAME_WIDTH / 2 + (x - cx) * scale;
    const py = (z: number) => FRAME_HEIGHT * 0.55 - (z - cz * 0.5) * scale;
    for (let g = 0; g < this.model.ngeom; g++) {
      const [x, z] = [xpos[3 * g]!, xpos[3 * g + 2]!];
      const [r, half] = [sizes[3 * g]!, sizes[3 * g + 1]!];
      const type = types[g];
      if (type === GEOM_PLANE) {
        drawLine(frame, 0, py(z), FRAME_WIDTH, py(z), [90, 110, 90], 3);
      } else if (type === GEOM_CAPSULE || type === GEOM_CYLINDER) {
        // the geom's local z axis is the third column of its rotation matrix
        const [ax, az] = [xmat[9 * g + 2]! * half, xmat[9 * g + 8]! * half];
        drawLine(frame, px(x - ax), py(z - az), px(x + ax), py(z + az), [180, 110, 60], Math.max(2, 2 * r * scale));
      } else if (type === GEOM_SPHERE) {
        fillCircle(frame, px(x), py(z), Math.max(2, r * scale), [180, 110, 60]);
      } else {
        fillCircle(frame, px(x), py(z), Math.max(2, r * scale * 0.8), [150, 150, 170]);
      }
    }
    return frame;
  }

  /** Frees MuJoCo's model and data (once). */
  close(): void {
    if (this.freed) return;
    this.freed = true;
    this.data.delete();
    this.model.delete();
  }

  private checkOpen(): void {
    if (this.freed) throw new StateError(`${this.id}: MuJoCo's model and data were freed by close(); make a new environment`);
  }
}
