/** Jest runs the TypeScript sources directly through swc (no type check; `npm run lint` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  globalSetup: '<rootDir>/__tests__/helpers/global_setup.js',
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/setup_backend.ts'],
  // both cores: the learning tests are single-threaded, and CI has 2 cores
  maxWorkers: 2,
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/__tests__/helpers/summary_reporter.js'],
};
