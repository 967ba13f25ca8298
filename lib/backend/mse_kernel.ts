/**
 * Mean squared error, mean((p - t)^2), and its gradient as one host kernel each on wasm, for
 * lib/functional's `mse` (the loss of DQN, VQN and VSarsa at every update).
 *
 * Why: as tensor ops it is subtract, square and mean forward and six kernels backward, each with
 * tfjs's fixed per-kernel cost, for a few dozen numbers. The loops repeat those kernels' float32
 * operations in their order: d = p - t; the sum of d * d in element order, divided by n; the
 * gradient (dy / n) * (2 d) as tfjs's Mean and Square gradients form it. So the values are the same.
 */
import { tf, type Tensor } from '../tf';
import { heapKernel, type KernelFunc } from './host_compute';

/** Inputs predictions, targets (same shape, float32); output the scalar loss. */
export const MSE_KERNEL = 'AlltsMse';
/** Inputs dy (scalar), predictions, targets; output d loss / d predictions. */
export const MSE_GRAD_KERNEL = 'AlltsMseGrad';

const f = Math.fround;

/** The loss kernel on wasm; undefined elsewhere. */
export function mseKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { predictions, targets } = inputs;
    const out = heap.makeOutput([], 'float32');
    const [p, t, o] = [predictions!, targets!, out].map((x) => heap.typedArrayFromHeap(x));
    let sum = 0;
    for (let i = 0; i < p!.length; i++) {
      const d = f(p![i]! - t![i]!);
      sum = f(sum + f(d * d));
    }
    o![0] = f(sum / p!.length);
    return out;
  });
}

/** The gradient kernel on wasm; undefined elsewhere. */
export function mseGradKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { dy, predictions, targets } = inputs;
    const out = heap.makeOutput([...predictions!.shape], 'float32');
    const [g, p, t, o] = [dy!, predictions!, targets!, out].map((x) => heap.typedArrayFromHeap(x));
    const perElement = f(g![0]! / p!.length);
    for (let i = 0; i < p!.length; i++) o![i] = f(perElement * f(f(p![i]! - t![i]!) * 2));
    return out;
  });
}

/** The loss kernel's gradient (global in tfjs): d/dp, and its negative for the targets. */
export function registerMseGradient(): void {
  if (tf.getGradient(MSE_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: MSE_KERNEL,
    inputsToSave: ['predictions', 'targets'],
    gradFunc: (dy, saved) => {
      const [predictions, targets] = saved as [Tensor, Tensor];
      const grad = () => tf.engine().runKernel(MSE_GRAD_KERNEL, { dy: dy as Tensor, predictions, targets }) as Tensor;
      return { predictions: grad, targets: () => tf.neg(grad()) };
    },
  });
}

/** mean((predictions - targets)^2) (the caller checked that the kernel is registered and the shapes). */
export function mseOnHost(predictions: Tensor, targets: Tensor): tf.Scalar {
  return tf.engine().runKernel(MSE_KERNEL, { predictions, targets }) as tf.Scalar;
}
