/**
 * PythonProcess: one `python3 allts_bridge.py` child, called synchronously.
 *
 * Why a worker: allts environments step synchronously (`env.step(a)` returns the State), but Node
 * only reads a child's pipes asynchronously. A small worker thread owns the child and its pipes;
 * the calling thread posts a request, blocks in `Atomics.wait` on a shared flag, and takes the
 * reply with `receiveMessageOnPort`. The wait has a timeout, so a hung Python is reported instead
 * of freezing Node; the worker reports the child's exit at once, so a dead Python is reported on
 * the next call. The child dies with us: the worker is unref'ed (it never keeps Node alive), Python
 * exits on stdin EOF and on its parent thread's death (PR_SET_PDEATHSIG), and an `exit` hook kills it.
 */
import type { MessagePort, Worker as WorkerThread } from 'node:worker_threads';
import { BackendError } from '../../lib/core/errors';
import { nodeBuiltin } from '../../lib/core/node_builtins';
import { decodePayload } from './frames';
// Node-only; nodeBuiltin keeps this module importable in a browser (issue 20)
const { existsSync } = nodeBuiltin('fs');
const { dirname, join } = nodeBuiltin('path');
const { MessageChannel, receiveMessageOnPort, Worker } = nodeBuiltin('worker_threads');

/** The child-owning worker, as source (no compiled file to locate under jest or dist/). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { python, script, port, flag, env } = workerData;
const signal = new Int32Array(flag);
const wake = () => { Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); };
let stderrTail = '';
let child;
try {
  child = spawn(python, ['-u', script], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...env, PYTHONUNBUFFERED: '1' } });
} catch (e) {
  port.postMessage({ kind: 'dead', spawnError: String(e && e.message || e), stderr: '' }); wake();
}
if (child) {
  let chunks = []; let have = 0; let need = -1;
  child.stdout.on('data', (chunk) => {
    chunks.push(chunk); have += chunk.length;
    for (;;) {
      if (need < 0) {
        if (have < 4) return;
        const all = Buffer.concat(chunks); chunks = [all];
        need = all.readUInt32LE(0);
      }
      if (have < 4 + need) return;
      const all = Buffer.concat(chunks);
      const payload = new Uint8Array(need); payload.set(all.subarray(4, 4 + need));
      const rest = all.subarray(4 + need); chunks = rest.length ? [rest] : []; have = rest.length; need = -1;
      port.postMessage({ kind: 'frame', payload }, [payload.buffer]); wake();
    }
  });
  child.stderr.on('data', (d) => { stderrTail = (stderrTail + d.toString()).slice(-4000); if (process.env.ALLTS_BRIDGE_STDERR) process.stderr.write(d); });
  child.on('error', (e) => { port.postMessage({ kind: 'dead', spawnError: String(e.message), stderr: stderrTail }); wake(); port.close(); });
  // the exit handler reaps the child; then the port closes and this worker ends by itself
  child.on('exit', (code, sig) => { setTimeout(() => { port.postMessage({ kind: 'dead', code, signal: sig, stderr: stderrTail }); wake(); port.close(); }, 20); });
  child.stdin.on('error', () => {});
  port.on('message', (m) => { if (m === 'kill') child.kill('SIGKILL'); else child.stdin.write(m); });
  if (child.pid !== undefined) { port.postMessage({ kind: 'pid', pid: child.pid }); wake(); }
}
`;

/** The handshake the server sends first. */
export interface Hello {
  protocol: number;
  python: string;
  executable: string;
  numpy: string | null;
  gymnasium: string | null;
  pettingzoo: string | null;
  pid: number;
}

/** What the worker posts: the child's pid, a reply frame, or the child's end. */
type Message =
  | { kind: 'pid'; pid: number }
  | { kind: 'frame'; payload: Uint8Array }
  | { kind: 'dead'; spawnError?: string; code?: number | null; signal?: string | null; stderr?: string };

/** What killed or hung the process, in words; set once it is unusable. */
type Death = string;

export const PROTOCOL = 1;

/** python/allts_bridge.py, found from this file in the sources or in dist/. */
export function bridgeScript(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'python', 'allts_bridge.py');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new BackendError(`allts's Python bridge python/allts_bridge.py is missing from the package (searched above ${__dirname}); reinstall allts`);
}

/** Milliseconds a call may take before the process counts as hung (ALLTS_BRIDGE_TIMEOUT in seconds; default 120). */
export function defaultTimeoutMs(): number {
  const s = Number(process.env.ALLTS_BRIDGE_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 120_000;
}

const live = new Set<PythonProcess>();
let exitHookInstalled = false;

/** One bridge server process. */
export class PythonProcess {
  readonly python: string;
  readonly hello: Hello;
  private readonly worker: WorkerThread;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private death: Death | undefined;
  private pidValue = 0;
  timeoutMs = defaultTimeoutMs();

  /** Starts `python` on the bridge script and checks the handshake. Throws BackendError if Python cannot start. */
  constructor(python: string) {
    this.python = python;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { python, script: bridgeScript(), port: port2, flag: this.flag.buffer, env: { ...process.env } },
      transferList: [port2],
    });
    this.worker.unref();
    live.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const p of live) p.kill();
      });
    }
    const hello = this.receive('start') as unknown as Hello & { hello?: string };
    if (hello.hello !== 'allts-bridge') throw this.fail(`${python} did not answer the allts bridge handshake`);
    if (hello.protocol !== PROTOCOL) {
      throw this.fail(`the Python bridge speaks protocol ${hello.protocol}, this allts speaks ${PROTOCOL}: reinstall allts`);
    }
    this.hello = hello;
  }

  /** The Python process id (0 before it started). */
  get pid(): number {
    return this.pidValue;
  }

  /** Whether the process can still take calls. */
  get alive(): boolean {
    return this.death === undefined;
  }

  /** Sends one request frame and waits for its reply (decoded). Throws BackendError if Python died or hung. */
  call(frame: Uint8Array, what: string): Record<string, unknown> {
    if (this.death !== undefined) throw new BackendError(`Python bridge cannot ${what}: ${this.death}`);
    this.drain();
    if (this.death !== undefined) throw new BackendError(`Python bridge cannot ${what}: ${this.death}`);
    this.port.postMessage(frame, [frame.buffer as ArrayBuffer]);
    return this.receive(what);
  }

  /** Kills the process (idempotent). */
  kill(): void {
    if (this.death === undefined) this.death = 'it was closed';
    live.delete(this);
    // the worker kills the child and reaps it on its exit event, then ends (terminating the worker
    // here would leave a zombie until Node exits)
    try {
      this.port.postMessage('kill');
    } catch {
      // port closed: the child is gone already
    }
  }

  private receive(what: string): Record<string, unknown> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got !== undefined) {
        const m = got.message as Message;
        if (m.kind === 'pid') {
          this.pidValue = m.pid;
          continue;
        }
        if (m.kind === 'dead') throw this.fail(this.describeDeath(m), what);
        return decodePayload(m.payload);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw this.fail(
          `Python (pid ${this.pidValue}) did not answer within ${this.timeoutMs / 1000} s (hung?); it was killed. ` +
            'Raise ALLTS_BRIDGE_TIMEOUT (seconds) if the environment is just slow',
          what,
        );
      }
      Atomics.store(this.flag, 0, 0);
      // a message may have arrived between the receive above and the store
      const again = receiveMessageOnPort(this.port);
      if (again !== undefined) {
        const m = again.message as Message;
        if (m.kind === 'pid') {
          this.pidValue = m.pid;
          continue;
        }
        if (m.kind === 'dead') throw this.fail(this.describeDeath(m), what);
        return decodePayload(m.payload);
      }
      Atomics.wait(this.flag, 0, 0, left);
    }
  }

  /** Takes messages that arrived between calls (the pid, a death notice). */
  private drain(): void {
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got === undefined) return;
      const m = got.message as Message;
      if (m.kind === 'pid') this.pidValue = m.pid;
      if (m.kind === 'dead') {
        this.death = this.describeDeath(m);
        this.kill();
      }
    }
  }

  private describeDeath(dead: Extract<Message, { kind: 'dead' }>): string {
    const tail = String(dead.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    if (dead.spawnError !== undefined) {
      return `could not start ${this.python} (${String(dead.spawnError)}); install Python 3 or pass its path with --python / ALLTS_PYTHON`;
    }
    const how = dead.signal ? `was killed by ${String(dead.signal)}` : `exited with code ${String(dead.code)}`;
    return `the Python process (${this.python}, pid ${this.pidValue}) ${how}` + (tail ? `; its last stderr: ${tail}` : '');
  }

  private fail(reason: string, what = 'start'): BackendError {
    this.death = reason;
    this.kill();
    return new BackendError(`Python bridge cannot ${what}: ${reason}`);
  }
}
