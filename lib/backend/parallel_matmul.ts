/**
 * Two-thread dense matmuls on the wasm backend: one long-lived worker thread computes part of a
 * large product [M, K] x [K, N] while the main thread computes the rest with the backend's own
 * (XNNPACK) kernel, so a training update of wide networks uses both cores, as PyTorch does.
 *
 * Why: tfjs's wasm backend is single-threaded under Node (its threaded build is disabled there),
 * and about two thirds of a SAC update with 400-300 networks is XNNPACK's GEMM and its repacking
 * of the right operand, which one core cannot make faster.
 *
 * How: the worker (node:worker_threads, started lazily on the first large matmul, `unref()`ed so
 * it never keeps a process alive, and exiting on its own after 10 s without work) runs its own
 * tfjs-core + wasm backend. Hand-off is synchronous through SharedArrayBuffers and Atomics, as the
 * kernels are: the main thread copies all of a and columns [n1, N) of b from its wasm heap into a
 * shared buffer, flips a state word and wakes the worker, multiplies a by columns [0, n1) itself,
 * then waits for the worker's columns (polling briefly, then Atomics.wait with a timeout) and
 * assembles the result in its heap. If the worker has not claimed the job by then (busy machine),
 * the main thread takes it back and computes it too. Every output element is computed by the same
 * XNNPACK microkernel with the same order of accumulation as on one thread, so results equal the
 * single-thread product bit for bit (tested, odd sizes included); the fused bias + ReLU epilogue
 * of _FusedMatMul is split the same way.
 *
 * Measured (2-core machine, quiet, fresh right operand each product; ms per product): one thread
 * -> columns split -> rows split (each thread then repacks all of b): [256,400]x[400,300] 1.53 ->
 * 0.89 -> 1.01-1.05; [256,256]x[256,256] 0.83 -> 0.49 -> 0.53; [128,256]x[256,256] 0.49 -> 0.30
 * -> 0.35. So columns. Waking a sleeping thread took 0.1-1 ms in this VM, as long as half a
 * product, so after a job the worker polls 3 ms for the next one and the main thread polls 2 ms
 * for the worker's part before sleeping (SAC update, two threads always: no polling 23.7-24.0 ms,
 * worker 0.5 ms + main 2 ms 22.3, worker 3 + main 2 20.2; one thread 28.6-30.3). Polling costs
 * CPU time: a SAC update uses ~38 ms of CPU on two threads against ~29 on one.
 *
 * When the other core is busy two threads are slower (another process at 100% of a core: SAC
 * update 52 ms with the worker on every product against 29.5 on one thread), so the choice is
 * adaptive, per product shape: both ways are timed on the products themselves and the faster is
 * kept, retrying the other now and then (see chooseTwoThreads). With that, the same load costs
 * 0-10% against one thread, and a quiet machine keeps nearly all of the gain.
 *
 * Which products: at least PARALLEL_MIN_MACS multiply-accumulates and PARALLEL_MIN_COLUMNS output
 * columns; every product of a 64-wide layer (classic control, the learning tests) stays on one
 * thread.
 *
 * Graceful degradation: until the worker is ready, while it is busy, after it exited, or when it
 * cannot start, products are computed on one thread. A job the worker fails, or does not finish
 * within 10 s, is recomputed on one thread and the worker replaced; after 3 failures threads stay
 * off for the process (`parallelMatMulStatus().lastError` says why).
 *
 * Switch: ALLTS_THREADS=1 (or 0) in the environment, or `setMatMulThreads(1)`, keeps every
 * product on one thread; `setMatMulThreads(2)` turns the worker back on. Other backends than wasm
 * never use it.
 *
 * The worker's code (WORKER_SOURCE below) is the one place in allts that loads TensorFlow.js other
 * than through lib/tf.ts: it runs in its own thread, so it must load its own copy (tfjs-core and
 * the wasm backend, by absolute paths resolved here, which works both under jest's TypeScript
 * transform and from dist/).
 *
 * Ports nothing from ALL (PyTorch's CPU kernels are multi-threaded on their own).
 */
import type { MessagePort, Worker as WorkerThread } from 'node:worker_threads';
import { ConfigError } from '../core/errors';
import { nodeBuiltin } from '../core/node_builtins';
import { tf } from '../tf';
// Node-only (worker threads); nodeBuiltin keeps this module importable in a browser (issue 20)
const { MessageChannel, Worker } = nodeBuiltin('worker_threads');

/**
 * Smallest product (M * K * N multiply-accumulates) computed on two threads. Measured on our
 * 2-core machine, quiet, ms per product on one thread -> two: [128,128]x[128,128] (2.1 M) 0.121 ->
 * 0.087, [256,128]x[128,128] (4.2 M) 0.207 -> 0.145, [128,256]x[256,256] (8.4 M) 0.49 -> 0.30,
 * [256,400]x[400,300] (30.7 M) 1.53 -> 0.89. Those are back-to-back products with the worker
 * awake; in training the hand-off (~30-50 microseconds of copies and signals, more when the
 * worker must be woken) weighs more on small products, so the threshold sits above them.
 */
export const PARALLEL_MIN_MACS = 4_000_000;

/**
 * Smallest number of columns of the right operand (the output width) computed on two threads:
 * every product of a 64-wide layer (forward, dx and dW) has at most 64, so the classic-control
 * networks and the 64-64 networks of the learning tests stay on one thread at any batch size.
 */
export const PARALLEL_MIN_COLUMNS = 128;

/** How long the main thread waits for the worker's part before recomputing it alone (ms). */
const JOB_TIMEOUT_MS = 10_000;
/** The worker exits after this long without work (ms); the next large product starts a new one. */
const IDLE_EXIT_MS = 10_000;
/**
 * After a job the worker polls this long for the next one before sleeping (ms): waking a sleeping
 * thread took ~0.1-1 ms here, as long as half a product (figures in the file header). Not when the
 * adaptive choice prefers one thread for the product's shape.
 */
const WORKER_SPIN_MS = 3;
/** The main thread polls this long for the worker's part before sleeping (ms). */
const MAIN_SPIN_MS = 2;
/**
 * The idle worker sleeps in slices this long (ms): Node terminates a worker (at process exit, or
 * `terminate()`) between two JavaScript statements, never inside Atomics.wait.
 */
const WAIT_SLICE_MS = 100;
/** After this many worker failures (start or job), threads stay off for the process. */
const MAX_FAILURES = 3;

// states of the shared control word
const STARTING = 0;
const IDLE = 1;
const JOB = 2;
const DONE = 3;
const ERROR = 4;
const CLOSED = 5;
const RUNNING = 6;

// indices into the shared Int32Array control block
const C_STATE = 0;
const C_GEN = 1; // generation of the data buffer (bumped when it grows)
const C_M = 2;
const C_K = 3;
const C_N = 4;
const C_FLAGS = 5; // 1: bias, 2: relu
const C_OFF_B = 6; // offsets (in floats) into the data buffer
const C_OFF_BIAS = 7;
const C_OFF_OUT = 8;
const C_SPIN_US = 9; // how long the worker polls for the next job after this one (microseconds)
const CONTROL_INTS = 16;

/**
 * The worker's program (plain JavaScript, run with `eval: true`). It loads tfjs-core and the wasm
 * backend from the absolute paths it is given, then serves jobs: [m, k] x [k, n] (+ bias, ReLU)
 * from the shared data buffer into it, with the backend's own kernels.
 */
const WORKER_SOURCE = `
'use strict';
const { workerData, receiveMessageOnPort, parentPort } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.control);
const port = workerData.port;
let data = new Float32Array(workerData.data);
let gen = 0;
const [IDLE, JOB, RUNNING, DONE, ERROR, CLOSED] = [${IDLE}, ${JOB}, ${RUNNING}, ${DONE}, ${ERROR}, ${CLOSED}];
function setState(s) { Atomics.store(ctrl, ${C_STATE}, s); Atomics.notify(ctrl, ${C_STATE}); }
async function main() {
  let tf, backend, matMul, fused;
  try {
    tf = require(workerData.corePath);
    require(workerData.wasmPath);
    tf.enableProdMode();
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialize in the worker');
    await tf.ready();
    backend = tf.backend();
    matMul = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    fused = tf.getKernel('_FusedMatMul', 'wasm').kernelFunc;
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: 'worker start: ' + (e && e.stack || e) });
    setState(CLOSED);
    return;
  }
  parentPort.postMessage({ type: 'ready' });
  setState(IDLE);
  for (;;) {
    // jobs come in bursts (the matmuls of one training update): poll briefly before sleeping
    const spinUntil = performance.now() + ctrl[${C_SPIN_US}] / 1000;
    while (Atomics.load(ctrl, ${C_STATE}) === IDLE && performance.now() < spinUntil);
    // sleep in short slices: a terminating thread stops between them (not inside Atomics.wait)
    let slept = 0;
    while (Atomics.wait(ctrl, ${C_STATE}, IDLE, ${WAIT_SLICE_MS}) === 'timed-out' && (slept += ${WAIT_SLICE_MS}) < workerData.idleExitMs);
    if (slept >= workerData.idleExitMs && Atomics.compareExchange(ctrl, ${C_STATE}, IDLE, CLOSED) === IDLE) return;
    const s = Atomics.load(ctrl, ${C_STATE});
    if (s === CLOSED) return;
    // claim the job; the main thread may have taken it back meanwhile (then the state is IDLE)
    if (s !== JOB || Atomics.compareExchange(ctrl, ${C_STATE}, JOB, RUNNING) !== JOB) continue;
    try {
      while (gen !== Atomics.load(ctrl, ${C_GEN})) {
        const msg = receiveMessageOnPort(port);
        if (msg === undefined) throw new Error('grown data buffer not received');
        data = new Float32Array(msg.message.data);
        gen = msg.message.gen;
      }
      const m = ctrl[${C_M}], k = ctrl[${C_K}], n = ctrl[${C_N}], flags = ctrl[${C_FLAGS}];
      const offB = ctrl[${C_OFF_B}], offBias = ctrl[${C_OFF_BIAS}], offOut = ctrl[${C_OFF_OUT}];
      const a = backend.makeOutput([1, m, k], 'float32');
      const b = backend.makeOutput([1, k, n], 'float32');
      const bias = (flags & 1) ? backend.makeOutput([n], 'float32') : undefined;
      backend.typedArrayFromHeap(a).set(data.subarray(0, m * k));
      backend.typedArrayFromHeap(b).set(data.subarray(offB, offB + k * n));
      if (bias) backend.typedArrayFromHeap(bias).set(data.subarray(offBias, offBias + n));
      const out = bias
        ? fused({ inputs: { a, b, bias }, backend, attrs: { transposeA: false, transposeB: false, activation: (flags & 2) ? 'relu' : 'linear', leakyreluAlpha: 0 } })
        : matMul({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
      data.set(backend.typedArrayFromHeap(out), offOut);
      for (const t of [a, b, bias, out]) if (t) backend.disposeData(t.dataId);
      setState(DONE);
    } catch (e) {
      parentPort.postMessage({ type: 'error', message: 'worker job: ' + (e && e.stack || e) });
      setState(ERROR);
    }
  }
}
main();
`;

/** The live worker and its shared buffers. */
interface Pool {
  worker: WorkerThread;
  ctrl: Int32Array;
  data: Float32Array;
  gen: number;
  port: MessagePort;
  ready: Promise<boolean>;
  /** Set when the worker exited or was abandoned: never hand it another job. */
  dead: boolean;
}

let pool: Pool | undefined;
// no `process` in a browser (issue 20): one thread there, since the worker is Node's
let threads = ['0', '1'].includes((globalThis.process === undefined ? '1' : (process.env.ALLTS_THREADS ?? '')).trim()) ? 1 : 2;
let failures = 0;
let lastError: string | undefined;
let jobs = 0;
let singleThreaded = 0;
let reclaimed = 0;
let waitedMs = 0;

/** Counters and state of the two-thread matmul, for tests and benchmarks. */
export interface ParallelMatMulStatus {
  /** 1 or 2, as set by ALLTS_THREADS or `setMatMulThreads`. */
  threads: number;
  /** 'off' (threads = 1 or too many failures), 'none' (not started), 'starting', 'ready', 'busy'. */
  worker: 'off' | 'none' | 'starting' | 'ready' | 'busy';
  /** Products computed on two threads so far. */
  jobs: number;
  /** Products at or above the threshold computed on one thread (worker not ready, busy, failed). */
  singleThreaded: number;
  /** Products handed to the worker but taken back by the main thread (the worker had not started). */
  reclaimed: number;
  /** Milliseconds the main thread spent waiting for the worker's part, in total. */
  waitedMs: number;
  /** Worker failures so far (start or job). */
  failures: number;
  /** The last error the worker reported, if any. */
  lastError?: string;
  /**
   * Per product shape ('MxKxN', with '+relu' or '+bias' for a fused epilogue): running means of
   * the nanoseconds per multiply-accumulate on two threads and on one (the adaptive choice).
   */
  shapes: Record<string, { two?: number; one?: number }>;
}

/** The state of the two-thread matmul (see ParallelMatMulStatus). */
export function parallelMatMulStatus(): ParallelMatMulStatus {
  let worker: ParallelMatMulStatus['worker'] = 'none';
  if (!enabled()) worker = 'off';
  else if (pool !== undefined && !pool.dead) {
    const s = Atomics.load(pool.ctrl, C_STATE);
    worker = s === STARTING ? 'starting' : s === IDLE ? 'ready' : s === CLOSED ? 'none' : 'busy';
  }
  return {
    threads,
    worker,
    jobs,
    singleThreaded,
    reclaimed,
    waitedMs,
    failures,
    ...(lastError !== undefined ? { lastError } : {}),
    shapes: Object.fromEntries(
      [...stats].map(([key, s]) => [key, { ...(s.two !== undefined ? { two: s.two } : {}), ...(s.one !== undefined ? { one: s.one } : {}) }]),
    ),
  };
}

/**
 * Sets how many threads large dense matmuls use on the wasm backend (default 2, or 1 when
 * ALLTS_THREADS is 0 or 1). Turning threads off leaves an idle worker to exit on its own within
 * IDLE_EXIT_MS (10 s; `stopParallelMatMul` stops it at once); turning them on again clears past
 * failures.
 * @param n 1 (the backend's own single-thread kernels) or 2 (main thread + one worker)
 * @throws ConfigError for any other value
 */
export function setMatMulThreads(n: number): void {
  if (n !== 1 && n !== 2) {
    throw new ConfigError(`setMatMulThreads: received ${n}; expected 1 (off) or 2 (main thread + one worker)`);
  }
  threads = n;
  if (n === 2) {
    failures = 0;
    lastError = undefined;
  }
}

function enabled(): boolean {
  return threads === 2 && failures < MAX_FAILURES;
}

function fail(message: string): void {
  failures++;
  lastError = message;
}

/** Drops the current worker (never handed a job again) and terminates it. */
/**
 * Workers not yet known to have exited, woken by one process 'exit' hook so Node need not wait for
 * their sleep to time out. One hook for all: training loops are synchronous, so a worker that
 * exits when idle reports it only when the event loop next turns, and a replacement may start
 * before that (one listener per worker piled up: Node's MaxListenersExceededWarning after 11).
 */
const livePools = new Set<Pool>();
let exitHooked = false;
function wakeWorkersAtExit(): void {
  for (const p of livePools) {
    Atomics.store(p.ctrl, C_STATE, CLOSED);
    Atomics.notify(p.ctrl, C_STATE);
  }
}

function abandon(p: Pool): Promise<void> {
  livePools.delete(p);
  p.dead = true;
  if (pool === p) pool = undefined;
  Atomics.store(p.ctrl, C_STATE, CLOSED);
  Atomics.notify(p.ctrl, C_STATE);
  p.port.close();
  return p.worker.terminate().then(
    () => undefined,
    () => undefined,
  );
}

function startPool(): Pool {
  const control = new SharedArrayBuffer(CONTROL_INTS * 4);
  const data = new SharedArrayBuffer(4 * 1024 * 1024);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      control,
      data,
      port: port2,
      idleExitMs: IDLE_EXIT_MS,
      corePath: require.resolve('@tensorflow/tfjs-core'),
      wasmPath: require.resolve('@tensorflow/tfjs-backend-wasm'),
    },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  let settle: (ok: boolean) => void = () => undefined;
  const p: Pool = {
    worker,
    ctrl: new Int32Array(control),
    data: new Float32Array(data),
    gen: 0,
    port: port1,
    ready: new Promise<boolean>((resolve) => (settle = resolve)),
    dead: false,
  };
  livePools.add(p);
  if (!exitHooked) {
    process.once('exit', wakeWorkersAtExit);
    exitHooked = true;
  }
  worker.on('message', (msg: { type: string; message?: string }) => {
    if (msg.type === 'ready') settle(true);
    else if (msg.type === 'error') {
      fail(msg.message ?? 'unknown worker error');
      settle(false);
    }
  });
  worker.on('error', (e: Error) => {
    fail(`worker crashed: ${e.message}`);
    settle(false);
    p.dead = true;
    if (pool === p) pool = undefined;
  });
  worker.on('exit', () => {
    livePools.delete(p);
    settle(false);
    p.dead = true;
    if (pool === p) pool = undefined;
  });
  // after the listeners (a 'message' listener refs the worker's port again)
  worker.unref();
  port1.unref();
  return p;
}

/** The worker if it is ready for a job now; starts one (for later calls) when there is none. */
function readyPool(): Pool | undefined {
  if (!enabled()) return undefined;
  if (pool !== undefined && (pool.dead || Atomics.load(pool.ctrl, C_STATE) === CLOSED)) {
    void abandon(pool); // exited when idle, or crashed
  }
  if (pool === undefined) {
    try {
      pool = startPool();
    } catch (e) {
      fail(`worker could not start: ${(e as Error).message}`);
    }
    return undefined; // this product runs on one thread while the worker loads
  }
  return Atomics.load(pool.ctrl, C_STATE) === IDLE ? pool : undefined;
}

/**
 * Starts the worker if needed and resolves when it can take jobs: true when ready, false when
 * threads are off or it failed to start. Benchmarks and tests call it before measuring; training
 * needs not (the first large products then run on one thread while the worker loads).
 */
export async function whenParallelReady(): Promise<boolean> {
  if (!enabled()) return false;
  readyPool();
  const p = pool;
  if (p === undefined) return false;
  p.worker.ref(); // keep the process alive while someone awaits the worker
  try {
    return await p.ready;
  } finally {
    p.worker.unref();
  }
}

/** Terminates the worker, if any (the next large product starts a new one). Resolves when it exited. */
export function stopParallelMatMul(): Promise<void> {
  return pool === undefined ? Promise.resolve() : abandon(pool);
}

/** The two heap methods of tfjs's wasm backend used here (its own kernels use them too). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

/** Optional epilogue of the product: + bias [N], then ReLU when `relu`. */
export interface MatMulEpilogue {
  bias: tf.TensorInfo;
  relu: boolean;
}

/** Makes sure the shared data buffer holds `floats` values, growing it (and telling the worker) if not. */
function ensureCapacity(p: Pool, floats: number): void {
  if (p.data.length >= floats) return;
  const data = new SharedArrayBuffer(4 * Math.max(floats, 2 * p.data.length));
  p.gen++;
  p.data = new Float32Array(data);
  p.port.postMessage({ gen: p.gen, data });
  Atomics.store(p.ctrl, C_GEN, p.gen);
}

/** The attributes of BatchMatMul, or of _FusedMatMul with the epilogue's bias and activation. */
function kernelAttrs(epilogue: MatMulEpilogue | undefined): tf.NamedAttrMap {
  const plain = { transposeA: false, transposeB: false };
  return epilogue === undefined ? plain : { ...plain, activation: epilogue.relu ? 'relu' : 'linear', leakyreluAlpha: 0 };
}

/**
 * Columns [from, to) of a [M, K] x b [K, N] (+ epilogue) with the backend's kernel, as a new
 * [1, M, to - from] tensor info the caller owns.
 */
function columnsProduct(
  heap: WasmHeapBackend,
  kernelFunc: tf.KernelFunc,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  epilogue: MatMulEpilogue | undefined,
  from: number,
  to: number,
  whole = false,
): tf.TensorInfo {
  const m = a.shape[a.shape.length - 2]!;
  const [k, n] = b.shape.slice(-2) as [number, number];
  const w = to - from;
  if (whole) {
    // the caller's own single-thread kernel on the operands as they are
    return kernelFunc({
      inputs: epilogue === undefined ? { a, b } : { a: { ...a, shape: [1, m, k] }, b: { ...b, shape: [1, k, n] }, bias: epilogue.bias },
      backend: heap as unknown as tf.KernelBackend,
      attrs: kernelAttrs(epilogue),
    }) as tf.TensorInfo;
  }
  const part = heap.makeOutput([1, k, w], 'float32');
  const bias = epilogue === undefined ? undefined : heap.makeOutput([w], 'float32');
  const bv = heap.typedArrayFromHeap(b); // after the allocations, which may move the heap
  const pv = heap.typedArrayFromHeap(part);
  for (let r = 0; r < k; r++) pv.set(bv.subarray(r * n + from, r * n + to), r * w);
  if (bias !== undefined) heap.typedArrayFromHeap(bias).set(heap.typedArrayFromHeap(epilogue!.bias).subarray(from, to));
  const out = kernelFunc({
    inputs: bias === undefined ? { a: { ...a, shape: [1, m, k] }, b: part } : { a: { ...a, shape: [1, m, k] }, b: part, bias },
    backend: heap as unknown as tf.KernelBackend,
    attrs: kernelAttrs(epilogue),
  }) as tf.TensorInfo;
  heap.disposeData(part.dataId);
  if (bias !== undefined) heap.disposeData(bias.dataId);
  return out;
}

/**
 * Adaptive choice between one and two threads, per product shape: running means of the
 * nanoseconds per multiply-accumulate each way, measured on the products themselves. On a machine
 * whose other core is busy the worker wakes late and two threads are slower than one; then such
 * products stay on one thread. A burst of EXPLORE_BURST products tries the other way after
 * EXPLORE_EVERY products, an interval that doubles (up to EXPLORE_MAX) each time the burst
 * confirms the choice. The first two-thread product of a burst is not counted (it may pay for
 * waking the worker).
 */
const EXPLORE_EVERY = 60;
const EXPLORE_MAX = 960;
const EXPLORE_BURST = 4;
const EMA_WEIGHT = 0.2;
let adaptive = true;

/** What the adaptive choice knows about one shape [M, K] x [K, N] (+ epilogue). */
interface ShapeStats {
  /** Running means of ns per multiply-accumulate on two threads and on one. */
  two?: number;
  one?: number;
  /** Products since the last burst, and how many before the next one. */
  since: number;
  interval: number;
  burstLeft: number;
  burstTwo: boolean;
  exploring: boolean;
  /** The choice before the last burst. */
  preferTwo?: boolean;
}
const stats = new Map<string, ShapeStats>();

function startBurst(s: ShapeStats, two: boolean): { two: boolean; record: boolean } {
  s.exploring = true;
  s.burstTwo = two;
  s.burstLeft = EXPLORE_BURST - 1;
  s.since = 0;
  return { two, record: !two };
}

/** Whether the next product of this shape uses two threads, and whether its time is recorded. */
function chooseTwoThreads(s: ShapeStats): { two: boolean; record: boolean } {
  if (!adaptive) return { two: true, record: false };
  if (s.burstLeft > 0) {
    s.burstLeft--;
    return { two: s.burstTwo, record: true };
  }
  if (s.one === undefined) return startBurst(s, false);
  if (s.two === undefined) return startBurst(s, true);
  const preferTwo = s.two <= s.one;
  if (s.exploring) {
    // a burst just ended: explore less often while it confirms the choice
    s.exploring = false;
    s.interval = preferTwo === s.preferTwo ? Math.min(2 * s.interval, EXPLORE_MAX) : EXPLORE_EVERY;
    s.preferTwo = preferTwo;
  }
  if (++s.since >= s.interval) return startBurst(s, !preferTwo);
  return { two: preferTwo, record: true };
}

/** Adds a timing to the running mean; a sample counts at most twice the mean (one hiccup, e.g. a GC pause, must not decide). */
function record(s: ShapeStats, two: boolean, nsPerMac: number): void {
  const update = (mean: number | undefined): number =>
    mean === undefined ? nsPerMac : mean + EMA_WEIGHT * (Math.min(nsPerMac, 2 * mean) - mean);
  if (two) s.two = update(s.two);
  else s.one = update(s.one);
}

/** Whether the worker should poll for the next job after this one: not when one thread is the choice. */
function workerShouldSpin(s: ShapeStats): boolean {
  return !adaptive || s.one === undefined || s.two === undefined || s.two <= s.one;
}

/**
 * Turns the adaptive choice between one and two threads on (default) or off (then every large
 * product uses the worker when it is ready: for tests and benchmarks that must exercise it).
 * @param on true to measure both ways and keep the faster, false to always use two threads
 */
export function setAdaptiveThreads(on: boolean): void {
  adaptive = on;
  stats.clear();
}

/** Columns of the right operand the main thread computes (it also assembles the output). */
function mainColumns(n: number): number {
  return Math.max(8, Math.min(n - 8, Math.round(n / 2 / 8) * 8));
}

/**
 * a [M, K] x b [K, N] (+ bias, ReLU) at the backend level, on two threads, for use inside kernels
 * registered for the wasm backend. Returns undefined, having computed nothing, when the product
 * is below PARALLEL_MIN_MACS, threads are off, the backend is not wasm, or the worker is not ready
 * (or failed this job): the caller then runs its single-thread kernel. The result equals the
 * backend's BatchMatMul (no epilogue) or _FusedMatMul (with it) bit for bit.
 * @param backend the kernel's backend
 * @param a float32 [M, K] (a rank-3 [1, M, K] view is accepted too)
 * @param b float32 [K, N]
 * @param epilogue bias [N] to add and whether to apply ReLU, as _FusedMatMul does
 * @returns a new [M, N] tensor info the caller owns, or undefined
 */
export function parallelMatMulInfo(
  backend: unknown,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  epilogue?: MatMulEpilogue,
): tf.TensorInfo | undefined {
  const m = a.shape[a.shape.length - 2]!;
  const k = a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - 1]!;
  if (m * k * n < PARALLEL_MIN_MACS || n < PARALLEL_MIN_COLUMNS || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const matrix = (t: tf.TensorInfo): boolean => t.shape.length === 2 || (t.shape.length === 3 && t.shape[0] === 1);
  if (!matrix(a) || !matrix(b) || b.shape[b.shape.length - 2] !== k) return undefined;
  if (tf.getBackend() !== 'wasm') return undefined;
  const p = readyPool();
  if (p === undefined) {
    if (enabled()) singleThreaded++;
    return undefined;
  }
  const heap = backend as WasmHeapBackend;
  const kernelName = epilogue === undefined ? 'BatchMatMul' : '_FusedMatMul';
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) return undefined;
  const key = `${m}x${k}x${n}${epilogue === undefined ? '' : epilogue.relu ? '+relu' : '+bias'}`;
  let shapeStats = stats.get(key);
  if (shapeStats === undefined) {
    shapeStats = { since: 0, interval: EXPLORE_EVERY, burstLeft: 0, burstTwo: false, exploring: false };
    stats.set(key, shapeStats);
  }
  const choice = chooseTwoThreads(shapeStats);
  const start = performance.now();
  const out = choice.two
    ? twoThreadProduct(p, heap, kernel.kernelFunc, a, b, epilogue, workerShouldSpin(shapeStats))
    : columnsProduct(heap, kernel.kernelFunc, a, b, epilogue, 0, n, true);
  if (!choice.two) singleThreaded++;
  if (choice.record) record(shapeStats, choice.two, ((performance.now() - start) * 1e6) / (m * k * n));
  return { ...out, shape: [m, n] };
}

/** Two-thread product (see parallelMatMulInfo); the pool is ready (IDLE). */
function twoThreadProduct(
  p: Pool,
  heap: WasmHeapBackend,
  kernelFunc: tf.KernelFunc,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  epilogue: MatMulEpilogue | undefined,
  spin: boolean,
): tf.TensorInfo {
  const m = a.shape[a.shape.length - 2]!;
  const k = a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - 1]!;

  // the worker multiplies all of a by columns [n1, n) of b; the main thread columns [0, n1)
  const n1 = mainColumns(n);
  const n2 = n - n1;
  const offB = m * k;
  const offBias = offB + k * n2;
  const offOut = offBias + n2;
  ensureCapacity(p, offOut + m * n2);
  const shared = p.data;
  shared.set(heap.typedArrayFromHeap(a), 0);
  const bv = heap.typedArrayFromHeap(b);
  for (let r = 0; r < k; r++) shared.set(bv.subarray(r * n + n1, r * n + n), offB + r * n2);
  if (epilogue !== undefined) shared.set(heap.typedArrayFromHeap(epilogue.bias).subarray(n1, n), offBias);
  const c = p.ctrl;
  c[C_M] = m;
  c[C_K] = k;
  c[C_N] = n2;
  c[C_FLAGS] = epilogue === undefined ? 0 : epilogue.relu ? 3 : 1;
  c[C_OFF_B] = offB;
  c[C_OFF_BIAS] = offBias;
  c[C_OFF_OUT] = offOut;
  c[C_SPIN_US] = spin ? WORKER_SPIN_MS * 1000 : 0;
  if (Atomics.compareExchange(c, C_STATE, IDLE, JOB) !== IDLE) {
    // the worker closed itself meanwhile
    return columnsProduct(heap, kernelFunc, a, b, epilogue, 0, n, true);
  }
  Atomics.notify(c, C_STATE);

  // the main thread's columns, with the backend's own kernel
  const out1 = columnsProduct(heap, kernelFunc, a, b, epilogue, 0, n1);

  // the worker's columns: take the job back if the worker has not started it (busy machine),
  // else wait for it
  let out2: tf.TensorInfo | undefined;
  let state = Atomics.compareExchange(c, C_STATE, JOB, IDLE);
  if (state === JOB) {
    out2 = columnsProduct(heap, kernelFunc, a, b, epilogue, n1, n);
    reclaimed++;
  } else {
    const waitStart = performance.now();
    // the worker's part is usually done within a fraction of a millisecond: poll before sleeping
    const spinEnd = waitStart + MAIN_SPIN_MS;
    while (state === RUNNING && performance.now() < spinEnd) state = Atomics.load(c, C_STATE);
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    while (state === RUNNING && Date.now() < deadline) {
      Atomics.wait(c, C_STATE, RUNNING, Math.max(1, deadline - Date.now()));
      state = Atomics.load(c, C_STATE);
    }
    waitedMs += performance.now() - waitStart;
    if (state !== DONE) {
      if (state === RUNNING) {
        fail(`worker did not finish a [${m}, ${k}] x [${k}, ${n2}] product within ${JOB_TIMEOUT_MS} ms`);
        void abandon(p);
      } else if (state === ERROR) {
        Atomics.store(c, C_STATE, IDLE);
      }
      out2 = columnsProduct(heap, kernelFunc, a, b, epilogue, n1, n);
      singleThreaded++;
    }
  }

  const out = heap.makeOutput([m, n], 'float32');
  const ov = heap.typedArrayFromHeap(out);
  const o1 = heap.typedArrayFromHeap(out1);
  const o2 = out2 === undefined ? shared.subarray(offOut, offOut + m * n2) : heap.typedArrayFromHeap(out2);
  for (let r = 0; r < m; r++) {
    ov.set(o1.subarray(r * n1, r * n1 + n1), r * n);
    ov.set(o2.subarray(r * n2, r * n2 + n2), r * n + n1);
  }
  heap.disposeData(out1.dataId);
  if (out2 === undefined) {
    Atomics.store(c, C_STATE, IDLE);
    jobs++;
  } else heap.disposeData(out2.dataId);
  return out;
}
