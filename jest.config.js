/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true }] },
  // Synthesizing stacks bundles handlers with esbuild; give those suites room on a 2-core machine.
  testTimeout: 60000,
};
