import { LINEAR_RECURRENCE_GRAD_KERNEL, LINEAR_RECURRENCE_KERNEL } from '../../lib/backend/linear_recurrence_kernel';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from '../../lib/backend/lstm_kernel';
import { DENSE_KERNEL, DENSE_RELU_KERNEL, hasKernel, MATMUL_KERNEL, registeredKernels, registerKernels } from '../../lib/backend/kernels';
import { DUELING_GRAD_KERNEL, DUELING_KERNEL } from '../../lib/backend/dueling_kernel';
import { MSE_GRAD_KERNEL, MSE_KERNEL } from '../../lib/backend/mse_kernel';
import { NOISY_WEIGHTS_GRAD_KERNEL, NOISY_WEIGHTS_KERNEL } from '../../lib/backend/noisy_weights';
import { ROW_GATHER_KERNEL, ROW_SCATTER_KERNEL } from '../../lib/backend/row_gather';
import { currentBackend } from '../../lib/tf';
import { tf } from '../../lib/tf';

describe('registerKernels', () => {
  it('has run for the backend initBackend activated, before any kernel was used', () => {
    // this file runs nothing that would register lazily before this test (setup_backend calls initBackend)
    expect(currentBackend()).toBe('wasm');
    const registered = registeredKernels('wasm');
    expect(registered).toBeDefined();
    const all = [DENSE_KERNEL, DENSE_RELU_KERNEL, MATMUL_KERNEL, ROW_GATHER_KERNEL, ROW_SCATTER_KERNEL, NOISY_WEIGHTS_KERNEL, NOISY_WEIGHTS_GRAD_KERNEL, MSE_KERNEL, MSE_GRAD_KERNEL, DUELING_KERNEL, DUELING_GRAD_KERNEL, LSTM_FORWARD_KERNEL, LSTM_BACKWARD_KERNEL, LINEAR_RECURRENCE_KERNEL, LINEAR_RECURRENCE_GRAD_KERNEL];
    expect([...registered!].sort()).toEqual([...all].sort());
    for (const name of all) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    // every kernel has a gradient but the gradient kernels themselves (never differentiated twice)
    // and the LSTM pair (lib/nn/lstm.ts's customGrad runs the backward kernel)
    const noGradient = [NOISY_WEIGHTS_GRAD_KERNEL, MSE_GRAD_KERNEL, DUELING_GRAD_KERNEL, LINEAR_RECURRENCE_GRAD_KERNEL, LSTM_FORWARD_KERNEL, LSTM_BACKWARD_KERNEL];
    for (const name of all.filter((n) => !noGradient.includes(n))) expect(tf.getGradient(name)).toBeDefined();
    expect(hasKernel(DENSE_KERNEL)).toBe(true);
  });

  it('registers for another backend on demand, only the kernels that backend can run, once', () => {
    expect(registeredKernels('cpu')).toBeUndefined();
    const cpu = registerKernels('cpu');
    // the cpu backend has BatchMatMul and Add, but the two-thread and fused kernels are wasm's
    expect([...cpu]).toEqual([DENSE_KERNEL]);
    expect(tf.getKernel(DENSE_KERNEL, 'cpu')).toBeDefined();
    expect(tf.getKernel(MATMUL_KERNEL, 'cpu')).toBeUndefined();
    expect(registerKernels('cpu')).toBe(cpu);
    expect(registeredKernels('cpu')).toBe(cpu);
  });

  it('registers nothing for a backend name tfjs does not know', () => {
    expect(registerKernels('no-such-backend').size).toBe(0);
  });
});
