// ESM TypeScript under ts-jest; run with NODE_OPTIONS=--experimental-vm-modules (see package.json "test").
import { availableParallelism } from 'node:os';

/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60000,
  // Most suites wait: on child processes (the bundled action, real clients) and in real time.
  // One worker more than cores keeps both cores busy (jest's default, cores - 1, is one worker
  // on CI's two cores: every file one after another).
  maxWorkers: Math.min(availableParallelism() + 1, 8),
  testSequencer: '<rootDir>/__tests__/support/slow-first.mjs',
};
