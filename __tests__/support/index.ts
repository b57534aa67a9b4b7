/** Test-support entry point: `import { runAction, expectNoLeaks } from './support/index.js'`. */
export * from './action-yml.js';
export * from './files.js';
export * from './node24.js';
export * from './runner.js';
export * from './secrets.js';
export * from './workflow-commands.js';
