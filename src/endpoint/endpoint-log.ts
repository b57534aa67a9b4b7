import { withholdSecrets } from '../secrets/known-secrets.js';
import { neutralise } from '../secrets/neutralise.js';

/**
 * The endpoint's log: its stderr, which the step opened as a 0600 file under RUNNER_TEMP and the
 * post step prints in a group. One line per event, every known secret withheld and the text
 * neutralised, as the action's own log lines are.
 */
export function endpointLog(message: string): void {
  const line = neutralise(withholdSecrets(message));
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}
