/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  rootDir: '.',
  testMatch: ['**/*.test.ts'],
  // Checks over the calls this run records; scripts/test.sh runs them afterwards with jest.recorded.config.js.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cloud-contract/recorded/'],
  // Type checking is `tsc --noEmit` in the test command; ts-jest only transpiles.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
    // @middy/core 6 ships ES modules only; jest runs CommonJS, so it is transpiled like our sources.
    '^.+/node_modules/@middy/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  // Room for the real servers and the CLI processes on a 2-core machine; stacks synthesize without bundling
  // (test/helpers/platform.ts), and the one test that bundles every handler sets its own.
  testTimeout: 30000,
  // Jest's default on a 2-core machine is one worker (cores - 1), but most test files wait on the servers and the CLI
  // processes as much as they compute, so two workers finish well before one (figures in the README's Tests section).
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/setup-env.ts', '<rootDir>/test/helpers/aws-call-recorder.ts'],
  // Real MariaDB and PostgreSQL servers for the sync tests, started once for the run on loopback ports.
  globalSetup: '<rootDir>/test/servers/global-setup.ts',
  globalTeardown: '<rootDir>/test/servers/global-teardown.ts',
};
