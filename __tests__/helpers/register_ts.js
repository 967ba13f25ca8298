/**
 * Lets a plain Node process (a test's child) `require` our TypeScript sources: each .ts file is
 * compiled on the fly with @swc/core to CommonJS, keeping dynamic import() as it is (as tsc
 * does). Used by the child scripts that must run outside jest's vm sandbox.
 */
const fs = require('fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs', ignoreDynamic: true },
  });
  module._compile(code, filename);
};
