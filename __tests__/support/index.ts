/**
 * Test-support entry point: `import { useEmulator, runAgainst, expectNoLeaks } from '../support/index.js'`.
 *
 * action.ts      the bundled actions against the emulator: inputs, runAgainst, clean failures, retry lines
 * action-yml.ts  action.yml read as the runner reads it (inputs → INPUT_* variables)
 * cli.ts         the bundled CLI run as a user runs it, and its one-sentence failures
 * emulator.ts    an emulator around one piece of work, its request log, the large scenario
 * emulator-fixtures.ts  the emulator started and stopped by jest's hooks (per block or per test)
 * errors.ts      what a promise rejected with (its type, and no secret in its message)
 * files.ts       the runner's file commands (GITHUB_ENV, GITHUB_OUTPUT, ...)
 * node24.ts      the Node 24 binary the action runs under
 * platform.ts    process.platform set to another OS for one piece of work (Windows rules on Linux)
 * report.ts      the reliability suites' RELIABILITY summary lines
 * runner.ts      the runner harness: one step (and its post step) of a fresh job
 * sdk.ts         real SDK clients against the emulator (the fidelity tests)
 * secrets.ts     secret-leak scans, masking order, the secret inputs, the suite tally
 * spawn.ts       child processes: asynchronous, own process group, bounded in time
 * temp-dirs.ts   temporary HOMEs and files, removed after the test or block
 * wait.ts        waiting for a condition
 * workflow-commands.ts  `::command::` lines parsed and rendered as the runner's log
 */
export * from './action.js';
export * from './action-yml.js';
export * from './cli.js';
export * from './emulator.js';
export * from './emulator-fixtures.js';
export * from './errors.js';
export * from './files.js';
export * from './node24.js';
export * from './platform.js';
export * from './report.js';
export * from './runner.js';
export * from './sdk.js';
export * from './secrets.js';
export * from './spawn.js';
export * from './temp-dirs.js';
export * from './wait.js';
export * from './workflow-commands.js';
