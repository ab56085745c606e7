// Jest runs TypeScript through swc (type checking is `tsc --noEmit` in `npm test`).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 60000,
  // Most tests wait on kubectl, Docker or a browser rather than the CPU: two workers on a two-core machine.
  maxWorkers: 2,
};
