import * as core from '@actions/core';
import * as log from './log.js';

/** The step summary of either action: names and times only, never a token or credential. */

/** The account id as the summary shows it: the last four digits only when it is masked. */
export function displayAccountId(accountId: string, masked: boolean): string {
  return masked ? `********${accountId.slice(-4)}` : accountId;
}

/**
 * The summary is HTML: account names come from the service and are shown as text. Each cell is
 * first made safe like a log line (one line, no controls, no command opener): a line break would
 * end the HTML block and let the rest be read as Markdown.
 */
function cell(text: string): string {
  return log.safeForLog(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Writes a heading and tables (each with its header row first) to the step summary when the
 * runner provides one; a failure here is only a warning, as the real work is done.
 */
export async function writeStepSummary(heading: string, tables: string[][][]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    let summary = core.summary.addHeading(heading, 3);
    for (const [header = [], ...rows] of tables) {
      const head = header.map((data) => ({ data: cell(data), header: true }));
      summary = summary.addTable([head, ...rows.map((row) => row.map(cell))]);
    }
    await summary.write();
  } catch (error) {
    log.warning(
      `Could not write the step summary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
