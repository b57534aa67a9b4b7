import * as core from '@actions/core';
import { withholdSecrets } from '../secrets/known-secrets.js';
import { neutralise } from '../secrets/neutralise.js';

/**
 * The one way both actions write to the job log. Every message is redacted of the masked values
 * (src/secrets/known-secrets.ts) and neutralised (src/secrets/neutralise.ts) before @actions/core
 * sees it, whatever it holds: an answer from a service or a proxy can then never end a line,
 * start a workflow command (such as `::stop-commands::`, which would turn masking off) or move
 * the cursor of a terminal. A test checks that src/action, src/list-accounts and src/github call
 * @actions/core's logging nowhere else.
 */

/**
 * The message as it may reach the log: every piece of a masked value withheld as a reader sees
 * the text (see known-secrets.ts), then one line, no controls, no command opener at its start.
 */
export function safeForLog(message: string): string {
  return neutralise(withholdSecrets(message));
}

export function info(message: string): void {
  core.info(safeForLog(message));
}

/** Shown only with step debug logging (RUNNER_DEBUG=1). */
export function debug(message: string): void {
  core.debug(safeForLog(message));
}

/** A warning annotation. */
export function warning(message: string): void {
  core.warning(safeForLog(message));
}

/** An error annotation that does not fail the step. */
export function error(message: string): void {
  core.error(safeForLog(message));
}

export function notice(message: string): void {
  core.notice(safeForLog(message));
}

/** Fails the step with one error annotation (exit code 1). */
export function fail(message: string): void {
  core.setFailed(safeForLog(message));
}

/** Lines in a collapsed group of the log, each as `info` would write it. */
export function group(title: string, lines: readonly string[]): void {
  core.startGroup(safeForLog(title));
  for (const line of lines) core.info(safeForLog(line));
  core.endGroup();
}
