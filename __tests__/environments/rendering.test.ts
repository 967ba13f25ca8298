import { makeEnvironment } from '../../environments/registry';

const IDS = ['CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1', 'Pendulum-v1'];

function nonBackground(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) n++;
  return n;
}

describe('classic-control rendering', () => {
  it.each(IDS)('%s draws a multi-line text view and a 300x200 frame', (id) => {
    const env = makeEnvironment(id);
    env.reset({ seed: 0 });
    const text = env.render('text');
    expect(text.split('\n').length).toBeGreaterThanOrEqual(5);
    expect(text.trim().length).toBeGreaterThan(20);
    const frame = env.render('rgb_array');
    expect(frame.width).toBe(300);
    expect(frame.height).toBe(200);
    expect(frame.data.length).toBe(300 * 200 * 3);
    expect(nonBackground(frame.data)).toBeGreaterThan(300);
  });

  it.each(IDS)('%s drawings follow the physical state', (id) => {
    const env = makeEnvironment(id);
    env.reset({ seed: 0 });
    const text = env.render('text');
    const frame = Array.from(env.render('rgb_array').data);
    const s = env.unwrapped.state;
    // move the first physical variable (cart x, car position, link or pendulum angle) well away
    env.unwrapped.state = s.map((v, i) => (i === 0 ? (id.startsWith('Mountain') ? 0.3 : 1.0) : v));
    expect(env.render('text')).not.toBe(text);
    expect(Array.from(env.render('rgb_array').data)).not.toEqual(frame);
  });

  it('CartPole text shows the cart and a pole leaning the right way', () => {
    const env = makeEnvironment('CartPole-v1');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(0, 0, 0.2, 0);
    const lines = env.render('text').split('\n');
    const cartLine = lines.findIndex((l) => l.includes('[=====]'));
    expect(cartLine).toBeGreaterThan(0);
    const cartCol = lines[cartLine]!.indexOf('[=====]') + 3;
    const topCol = lines[0]!.indexOf('*');
    expect(topCol).toBeGreaterThan(cartCol); // theta > 0 leans right
  });
});
