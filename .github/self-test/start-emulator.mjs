// CI self-test: starts the loopback IAM Identity Center emulator in the background and hands its
// details to the later steps as outputs (url, region, account-id, role-name, session, pid).
// Node rather than shell tools, so that it runs alike on Linux, macOS and Windows runners.
// Run from the repository root: node .github/self-test/start-emulator.mjs
import { spawn } from 'node:child_process';
import { appendFileSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const temp = process.env.RUNNER_TEMP;
const outputFile = process.env.GITHUB_OUTPUT;
if (!temp || !outputFile) throw new Error('RUNNER_TEMP and GITHUB_OUTPUT must be set');

const detailsFile = join(temp, 'emulator.json');
const logFile = join(temp, 'emulator.log');
const log = openSync(logFile, 'a');
// Detached, with its output in a file: the step ends, the emulator serves the rest of the job.
const emulator = spawn(
  process.execPath,
  ['--import', 'tsx', 'emulator/cli.ts', '--out', detailsFile],
  { detached: true, stdio: ['ignore', log, log], windowsHide: true },
);
let exited;
emulator.on('exit', (code, signal) => {
  exited = `exited (${signal ?? code})`;
});
emulator.unref();

/** The details once the emulator has written them whole; undefined until then. */
function readDetails() {
  try {
    return JSON.parse(readFileSync(detailsFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Waits up to two minutes (a cold npm cache on a Windows runner is slow to load tsx). */
async function waitForDetails() {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const details = readDetails();
    if (details) return details;
    if (exited || Date.now() > deadline) {
      process.stderr.write(readFileSync(logFile, 'utf8'));
      throw new Error(`the emulator did not start: ${exited ?? 'no details after 120 s'}`);
    }
    await sleep(200);
  }
}

const details = await waitForDetails();

// Emulator tokens are harmless, but the runner prints `with:` values: mask them as real ones.
const { session } = details;
for (const value of [session.accessToken, session.refreshToken, session.clientSecret]) {
  if (value) console.log(`::add-mask::${value}`);
}
console.log(`::add-mask::${JSON.stringify(session)}`);
const output = (key, value) => appendFileSync(outputFile, `${key}=${value}\n`);
output('url', details.url);
output('region', details.region);
output('account-id', details.accountId);
output('role-name', details.roleName);
output('session', JSON.stringify(session));
output('pid', emulator.pid);
console.log(`emulator listening on ${details.url} (pid ${emulator.pid})`);
