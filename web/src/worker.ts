/**
 * The demo page's Web Worker (a module worker, bundled by web/build.js as worker.js): it runs the
 * engine (engine.ts), so the agents, environments and tensors live here and training never blocks
 * the page. Between chunks it yields through a MessageChannel (not setTimeout, which browsers clamp
 * to 4 ms when nested), so the page's commands (pause, test, ...) are handled within a chunk.
 */
import { Engine } from './engine';
import type { FromEngine, ToEngine } from './protocol';

const scope = self as unknown as {
  postMessage(message: FromEngine, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToEngine>) => void) | null;
};

const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

const engine = new Engine({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  later: (fn, delayMs) => {
    if (delayMs > 0) {
      setTimeout(fn, delayMs);
      return;
    }
    queued.push(fn);
    channel.port2.postMessage(null);
  },
});

// commands run one after another, in the order the page sent them
let pending: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  pending = pending.then(() => engine.handle(e.data));
};
