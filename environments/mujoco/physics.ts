/**
 * MuJoCo's official WebAssembly build (`@mujoco/mujoco`, Apache-2.0), loaded once. The package is
 * ESM and instantiates asynchronously, so `loadMujoco()` must be awaited before a MuJoCo
 * environment is made (`prepareEnvironment(id)` does it; the CLI and run workers call that).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../lib/core/errors';

/** The loaded module: MjModel, MjData, mj_step, ... */
export type Mujoco = Awaited<ReturnType<(typeof import('@mujoco/mujoco'))['default']>>;
export type MjModel = InstanceType<Mujoco['MjModel']>;
export type MjData = InstanceType<Mujoco['MjData']>;

let loaded: Mujoco | undefined;
let loading: Promise<Mujoco> | undefined;

/** Loads MuJoCo's WebAssembly build (once; later calls return the same module). */
export function loadMujoco(): Promise<Mujoco> {
  loading ??= import('@mujoco/mujoco')
    .then((m) => m.default())
    .then((module) => (loaded = module))
    .catch((error: unknown) => {
      loading = undefined;
      throw new ConfigError(`cannot load MuJoCo's WebAssembly build (@mujoco/mujoco): ${(error as Error).message}`);
    });
  return loading;
}

/** The loaded module, or a clear error saying to await loadMujoco() first. */
export function mujoco(id: string): Mujoco {
  if (loaded === undefined) {
    throw new ConfigError(
      `${id} runs on MuJoCo's WebAssembly build, which loads asynchronously: await prepareEnvironment('${id}') ` +
        `(or loadMujoco()) before makeEnvironment('${id}'). The CLI, runExperiment's workers and Slurm tasks do it for you.`,
    );
  }
  return loaded;
}

/** The directory of gymnasium's model files (beside the sources, also when running from dist/). */
export function assetsDir(): string {
  for (const dir of [path.join(__dirname, 'assets'), path.join(__dirname, '..', '..', '..', 'environments', 'mujoco', 'assets')]) {
    if (fs.existsSync(path.join(dir, 'hopper.xml'))) return dir;
  }
  throw new ConfigError(`MuJoCo model files not found beside ${__dirname}; reinstall allts (environments/mujoco/assets/ is part of the package)`);
}
