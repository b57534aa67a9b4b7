#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './run.js';
import { silenceSdkNodeWarning } from './runtime-warning.js';

// Before any SDK client exists: the SDK checks the Node version when a client is created.
silenceSdkNodeWarning(process.env, process.version);
// exitCode rather than process.exit(): stdout is flushed before the process ends, even into a pipe.
process.exitCode = await runCli(process.argv.slice(2), processIo);
