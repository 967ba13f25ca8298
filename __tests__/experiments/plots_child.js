/**
 * Runs experiments/plots.ts's plotReturns in a plain Node process, for plots.test.ts.
 * Why: vega and vega-lite are ESM-only and jest (without --experimental-vm-modules, and with
 * swc turning import() into require()) cannot load them; plain Node can. TypeScript sources are
 * compiled on the fly (helpers/register_ts.js).
 * Usage: node plots_child.js '<json options>'  -> prints the result as JSON on stdout.
 */
require('../helpers/register_ts');

const { plotReturns } = require('../../experiments/plots.ts');

plotReturns(JSON.parse(process.argv[2]))
  .then((result) => process.stdout.write(JSON.stringify(result)))
  .catch((error) => {
    process.stdout.write(JSON.stringify({ error: { name: error.name, message: error.message } }));
    process.exitCode = 1;
  });
