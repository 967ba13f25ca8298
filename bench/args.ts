/** Command-line helpers the bench scripts share. */

/** The value after `--name` in `argv`, or `fallback`. */
export function arg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

/** `--hyperparameters lr=1e-3,minibatchSize=64` as name -> string value (each parsed later by its spec). */
export function hyperparameterPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [k, v] = pair.split('=');
    if (k === undefined || v === undefined) throw new Error(`--hyperparameters: "${pair}" is not name=value`);
    out[k] = v;
  }
  return out;
}
