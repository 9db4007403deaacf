/**
 * Three jest projects (docs/ARCHITECTURE.md, "Tests"):
 * - unit: needs nothing but Node (model, engines, conformance, rule texts, reports, CLI);
 * - integration: real Redis (REDIS_URL), the embedded PGlite database, HTTP, Chromium, poppler;
 * - server: the storage, pipeline, dispatch, directory, portal and console tests again, on the
 *   PostgreSQL server at TEST_DATABASE_URL (only when it is set), plus the tests that need a server
 *   (several processes on one database).
 * `npm test` runs all of them, `npm run test:unit` the first.
 * @type {import('jest').Config}
 */
const base = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }],
  },
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
};

const dir = (d) => `<rootDir>/test/${d}/**/*.test.ts`;
const UNIT = ['model', 'compiled', 'schematron', 'validation', 'cli', 'tooling', 'reporting', 'invoice-response', 'unit'];
const INTEGRATION = ['pipeline', 'services', 'storage', 'dispatch', 'directory', 'console', 'portal', 'templates', 'workers', 'inbox'];
const ON_SERVER = ['pipeline', 'services', 'storage', 'dispatch', 'directory', 'console', 'portal', 'inbox'];
/** Tests that only make sense on a server (several processes share one database). */
const SERVER_ONLY = ['<rootDir>/test/storage/server-only/'];
/** Run once, on the embedded database: the UI tests, and the tests of the embedded mode itself. */
const EMBEDDED_ONLY = ['/browser\\.test\\.ts$', '/test/storage/embedded\\.test\\.ts$'];

module.exports = {
  testTimeout: 60000,
  // two workers on a 2-core machine (jest's default there is one, in band): most test files wait on I/O
  maxWorkers: Math.max(2, require('node:os').availableParallelism?.() ?? 2),
  projects: [
    { ...base, displayName: 'unit', testMatch: UNIT.map(dir) },
    { ...base, displayName: 'integration', testMatch: INTEGRATION.map(dir), testPathIgnorePatterns: SERVER_ONLY },
    ...(process.env.TEST_DATABASE_URL
      ? [{ ...base, displayName: 'server', testMatch: ON_SERVER.map(dir), testPathIgnorePatterns: EMBEDDED_ONLY, setupFiles: ['<rootDir>/test/helpers/server-mode.ts'] }]
      : []),
  ],
};
