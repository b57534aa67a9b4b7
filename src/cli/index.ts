#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './run.js';

// exitCode rather than process.exit(): stdout is flushed before the process ends, even into a pipe.
process.exitCode = await runCli(process.argv.slice(2), processIo);
