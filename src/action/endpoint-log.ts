import { readBounded } from '../disk/bounded-read.js';

/** The most of the endpoint's log file that is read back; its last part is what is shown. */
const MAX_LOG_FILE_BYTES = 1024 * 1024;

/**
 * The last `maxBytes` of the endpoint's log, read back as every file is (a later step may have
 * put a link, a FIFO or another user's file in its place): through the one bounded reader, a
 * private file of this user. Missing: ''; refused: why, in words. Neutralised by the log.
 */
export async function readEndpointLog(file: string, maxBytes: number): Promise<string> {
  const read = await readBounded(file, {
    maxBytes: MAX_LOG_FILE_BYTES,
    ownUser: true,
    forbiddenModeBits: 0o077,
  });
  if (read.kind === 'missing') return '';
  if (read.kind === 'refused') return `(not read: ${read.reason})`;
  return read.text.slice(-maxBytes);
}
