/**
 * PythonBridge: requests to a PythonProcess, answered or turned into clear errors. One bridge per
 * Python interpreter is shared by every bridged environment (`sharedBridge`), so a vector
 * environment's copies live in one process and step in one round trip.
 *
 * The interpreter: the `python` option, else ALLTS_PYTHON, else `python/.venv/bin/python` inside the
 * package when it exists (what `.ci/run` and the README's set-up create), else `python3`.
 */
import { AlltsError, BackendError, ConfigError } from '../../lib/core/errors';
import { nodeBuiltin } from '../../lib/core/node_builtins';
import { OutBlob } from './frames';
import { FifoPythonProcess, FifoUnavailable } from './fifo_process';
import { bridgeScript, defaultTimeoutMs, PythonProcess } from './python_process';
// Node-only; nodeBuiltin keeps this module importable in a browser (issue 20)
const { existsSync } = nodeBuiltin('fs');
const { dirname, join } = nodeBuiltin('path');

/**
 * Starts a bridge process: over named pipes read synchronously on Linux (fast), else (or with
 * ALLTS_BRIDGE_TRANSPORT=worker) through a worker thread that owns stdin/stdout.
 */
function startProcess(python: string): PythonProcess | FifoPythonProcess {
  if (process.platform === 'linux' && process.env.ALLTS_BRIDGE_TRANSPORT !== 'worker') {
    try {
      return new FifoPythonProcess(python, defaultTimeoutMs());
    } catch (e) {
      if (!(e instanceof FifoUnavailable)) throw e;
    }
  }
  return new PythonProcess(python);
}

/** An exception raised in Python, with the environment it concerns. */
export class PythonError extends AlltsError {
  constructor(
    message: string,
    /** The Python exception's type, e.g. `gymnasium.error.NameNotFound`. */
    readonly pythonType: string,
    /** The Python traceback (last 3000 characters). */
    readonly pythonTraceback: string,
  ) {
    super(message);
  }
}

const SETUP_HINT = 'python3 -m venv python/.venv && python/.venv/bin/pip install -r python/requirements.txt (in the allts package), or pip install -r python/requirements.txt into the Python given by --python / ALLTS_PYTHON';

/** The interpreter a bridge uses when no `python` option is given. */
export function defaultPython(): string {
  const fromEnv = process.env.ALLTS_PYTHON;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const venv = join(dirname(bridgeScript()), '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

/** One bridge server and its requests. */
export class PythonBridge {
  readonly process: PythonProcess | FifoPythonProcess;

  constructor(python: string) {
    this.process = startProcess(python);
    if (this.process.hello.numpy === null) {
      this.process.kill();
      throw new BackendError(`Python environments need numpy in ${python}: ${SETUP_HINT}`);
    }
  }

  /** Sends `op` with `fields` (arrays added to `blob`); returns the reply or throws PythonError / BackendError. */
  request(op: string, fields: Record<string, unknown>, blob = new OutBlob(), subject?: string): Record<string, unknown> {
    const what = `${op}${subject === undefined ? '' : ` ${subject}`}`;
    const reply = this.process.call(blob.frame({ op, ...fields }), what);
    if (reply.ok === true) return reply;
    const e = reply.error as { type: string; message: string; env: string | null; missingModule: string | null; traceback: string };
    const where = e.env ?? subject;
    if (e.missingModule !== null && e.missingModule !== undefined) {
      const pkg = packageFor(e.missingModule);
      throw new ConfigError(
        `${where ?? 'Python bridge'} needs the Python package ${pkg} (${e.type}: ${e.message}) in ${this.process.hello.executable}; install it: ${SETUP_HINT}`,
      );
    }
    throw new PythonError(`${where === undefined || where === null ? 'Python bridge' : where}: ${op} raised ${e.type}: ${e.message}`, e.type, e.traceback);
  }

  /** Kills the Python process. */
  close(): void {
    this.process.kill();
  }
}

function packageFor(module: string): string {
  const top = module.split('.')[0]!;
  return { ale_py: 'ale-py', gymnasium: 'gymnasium', pettingzoo: 'pettingzoo', numpy: 'numpy' }[top] ?? top;
}

const shared = new Map<string, PythonBridge>();

/** The shared bridge of an interpreter, started on first use (and again if it died). */
export function sharedBridge(python: string = defaultPython()): PythonBridge {
  let bridge = shared.get(python);
  if (bridge === undefined || !bridge.process.alive) {
    bridge = new PythonBridge(python);
    shared.set(python, bridge);
  }
  return bridge;
}

/** Kills every shared bridge process (tests; the processes also die with Node). */
export function closeSharedBridges(): void {
  for (const b of shared.values()) b.close();
  shared.clear();
}
