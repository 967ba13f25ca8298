/**
 * The backward linear recurrence behind lib/functional's multistep returns (lambda-returns,
 * discounted returns, generalized advantages), acc_t = c_t + d_t * acc_{t+1} from acc_T = last,
 * and its gradient, as one host kernel each on wasm.
 *
 * Why: as tensor ops it is an unstack of c and d, a multiply and an add per step and a stack,
 * then as many kernels again backward, each with tfjs's fixed per-kernel cost, on a few dozen
 * numbers per step (a recurrent Q update's Q(lambda) targets: 20 steps of 32, about 3 ms of its
 * kernels). The loops repeat those kernels' float32 operations (the product rounded, then the
 * sum), so the values are the same. Backward, with a_t the gradient reaching acc_t
 * (a_0 = dy_0, a_t = dy_t + d_{t-1} a_{t-1}): dc_t = a_t, dd_t = a_t acc_{t+1}, dlast = d_{T-1} a_{T-1}.
 */
import { tf, type Tensor } from '../tf';
import { heapKernel, type KernelFunc } from './host_compute';

/** Inputs c [T, ...], d [T, ...], last [...]; output acc [T, ...]. */
export const LINEAR_RECURRENCE_KERNEL = 'AlltsLinearRecurrence';
/** Inputs dy [T, ...], d, acc, last; outputs [dc, dd, dlast]. */
export const LINEAR_RECURRENCE_GRAD_KERNEL = 'AlltsLinearRecurrenceGrad';

const f = Math.fround;

/** The recurrence kernel on wasm; undefined elsewhere. */
export function linearRecurrenceKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { c, d, last } = inputs;
    const out = heap.makeOutput([...c!.shape], 'float32');
    const [cv, dv, lv, acc] = [c!, d!, last!, out].map((x) => heap.typedArrayFromHeap(x)) as Float32Array[];
    const n = lv!.length;
    const T = c!.shape[0]!;
    for (let t = T - 1; t >= 0; t--) {
      const row = t * n;
      const next = t === T - 1 ? lv! : acc!.subarray(row + n, row + 2 * n);
      for (let j = 0; j < n; j++) acc![row + j] = f(cv![row + j]! + f(dv![row + j]! * next[j]!));
    }
    return out;
  });
}

/** The gradient kernel on wasm; undefined elsewhere. */
export function linearRecurrenceGradKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { dy, d, acc, last } = inputs;
    const shape = [...dy!.shape];
    const infos = [shape, shape, [...last!.shape]].map((s) => heap.makeOutput(s, 'float32'));
    const [g, dv, av, lv] = [dy!, d!, acc!, last!].map((x) => heap.typedArrayFromHeap(x)) as Float32Array[];
    const [dc, dd, dlast] = infos.map((x) => heap.typedArrayFromHeap(x)) as Float32Array[];
    const n = lv!.length;
    const T = shape[0]!;
    for (let t = 0; t < T; t++) {
      const row = t * n;
      const next = t === T - 1 ? lv! : av!.subarray(row + n, row + 2 * n);
      for (let j = 0; j < n; j++) {
        // a_t: this step's own gradient plus what reaches it through acc_{t-1} = c + d acc_t
        const a = t === 0 ? g![j]! : f(g![row + j]! + f(dv![row - n + j]! * dc![row - n + j]!));
        dc![row + j] = a;
        dd![row + j] = f(a * next[j]!);
      }
    }
    for (let j = 0; j < n; j++) dlast![j] = f(dv![(T - 1) * n + j]! * dc![(T - 1) * n + j]!);
    return infos;
  });
}

/** The recurrence's gradient (global in tfjs). */
export function registerLinearRecurrenceGradient(): void {
  if (tf.getGradient(LINEAR_RECURRENCE_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: LINEAR_RECURRENCE_KERNEL,
    inputsToSave: ['d', 'last'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [d, last, acc] = saved as [Tensor, Tensor, Tensor];
      // computed once, eagerly: tfjs runs each lazy input gradient in its own tidy scope
      const [dc, dd, dlast] = tf.engine().runKernel(LINEAR_RECURRENCE_GRAD_KERNEL, { dy: dy as Tensor, d, acc, last }) as Tensor[];
      return { c: () => dc!, d: () => dd!, last: () => dlast! };
    },
  });
}

/** acc_t = c_t + d_t acc_{t+1} from acc_T = last (float32; the caller checked the kernel and shapes). */
export function linearRecurrenceOnHost(c: Tensor, d: Tensor, last: Tensor): Tensor {
  return tf.engine().runKernel(LINEAR_RECURRENCE_KERNEL, { c, d, last }) as Tensor;
}
