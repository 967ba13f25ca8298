/** Every test file runs on the backend allts would pick (wasm here), activated once before its tests. */
import { initBackend } from '../../lib/tf';

beforeAll(async () => {
  await initBackend();
});
