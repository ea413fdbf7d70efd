/**
 * The second jest pass of scripts/test.sh: checks over the AWS calls the first pass recorded (AWS_CALL_LOG_DIR),
 * which only exist once every other test has run.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  testTimeout: base.testTimeout,
  rootDir: '.',
  roots: ['<rootDir>/test/cloud-contract/recorded'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
