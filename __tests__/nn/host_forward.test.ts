import { Random } from '../../lib/core/random';
import { HOST_FORWARD, HOST_FORWARD_MAX_MACS, hostForward } from '../../lib/nn/host_forward';
import { Activation, Linear, Sequential } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments';
import { duelingFcReluQ, fcReluQ } from '../../presets/classic_control/models';
import { fcReluRainbow } from '../../presets/classic_control/dist_models';

const bits = (a: Float32Array) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const env = makeEnvironment('CartPole-v0');

/** The tensor path's output for the same rows. */
const tensorPath = (model: Sequential, obs: Float32Array, rows: number) =>
  tf.tidy(() => model.apply(tf.tensor2d(obs, [rows, obs.length / rows]), { training: true }).dataSync() as Float32Array);

describe('hostForward (acting without tensors)', () => {
  afterEach(() => {
    HOST_FORWARD.enabled = true;
  });

  it.each([
    ['fc_relu_q 64', (rng: Random) => fcReluQ(env, 64, rng, 'dqn'), [1, 3, 8]],
    ['dueling_fc_relu_q 256', (rng: Random) => duelingFcReluQ(env, 256, rng, 'ddqn'), [1, 2]],
    ['Linear, ReLU, Linear', (rng: Random) => new Sequential([new Linear(4, 16, rng), new Activation('relu'), new Linear(16, 3, rng)]), [1, 5]],
  ] as const)('equals the tensor path bit for bit: %s', (_name, make, rowCounts) => {
    const model = make(new Random(2));
    const rng = new Random(9);
    try {
      for (const rows of rowCounts) {
        const obs = Float32Array.from({ length: rows * 4 }, () => rng.normal());
        const before = tf.memory().numTensors;
        const ours = hostForward(model, obs, rows);
        expect(tf.memory().numTensors).toBe(before); // no tensor made
        expect(ours).toBeDefined();
        expect(bits(ours!)).toEqual(bits(tensorPath(model, obs, rows)));
      }
    } finally {
      model.dispose();
    }
  });

  it('declines what it cannot compute the same way, so callers use tensors', () => {
    const rng = new Random(3);
    const q = fcReluQ(env, 64, rng, 'dqn');
    const rainbow = fcReluRainbow(env, 8, 5, 0.5, rng, 'rainbow'); // noisy layers
    const wide = new Sequential([new Linear(4, HOST_FORWARD_MAX_MACS / 4 + 1, rng)]);
    const tanh = new Sequential([new Linear(4, 8, rng), new Activation('tanh')]);
    try {
      expect(hostForward(q, new Float32Array(9 * 4), 9)).toBeUndefined(); // more than 8 rows
      expect(hostForward(rainbow, new Float32Array(4), 1)).toBeUndefined();
      expect(hostForward(wide, new Float32Array(4), 1)).toBeUndefined();
      expect(hostForward(tanh, new Float32Array(4), 1)).toBeUndefined();
      expect(hostForward(q, new Float32Array(5), 1)).toBeUndefined(); // width does not match the first layer
      HOST_FORWARD.enabled = false;
      expect(hostForward(q, new Float32Array(4), 1)).toBeUndefined();
    } finally {
      for (const m of [q, rainbow, wide, tanh]) m.dispose();
    }
  });
});
