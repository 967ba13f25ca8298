import { DENSE_KERNEL, DENSE_RELU_KERNEL, hasKernel, MATMUL_KERNEL, registeredKernels, registerKernels } from '../../lib/backend/kernels';
import { currentBackend } from '../../lib/tf';
import { tf } from '../../lib/tf';

describe('registerKernels', () => {
  it('has run for the backend initBackend activated, before any kernel was used', () => {
    // this file runs nothing that would register lazily before this test (setup_backend calls initBackend)
    expect(currentBackend()).toBe('wasm');
    const registered = registeredKernels('wasm');
    expect(registered).toBeDefined();
    expect([...registered!].sort()).toEqual([DENSE_KERNEL, DENSE_RELU_KERNEL, MATMUL_KERNEL].sort());
    for (const name of [MATMUL_KERNEL, DENSE_KERNEL, DENSE_RELU_KERNEL]) {
      expect(tf.getKernel(name, 'wasm')).toBeDefined();
      expect(tf.getGradient(name)).toBeDefined();
    }
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
