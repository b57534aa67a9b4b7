import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { modeBitsProtect } from './platform.js';

/**
 * The one reader of every file the project reads back from the job's disk: the token cache, the
 * main step's state, the shared config and credentials files, the CLI's session file. Any later
 * step of the job (or another user of a self-hosted runner's home) may have put something else
 * there, so each is untrusted input:
 * - opened without following a link (O_NOFOLLOW) and without blocking (O_NONBLOCK: a FIFO in its
 *   place must not hang the open);
 * - then judged by what was opened (fstat, so no swap between check and read): a regular file, of
 *   this user and without the mode bits `forbiddenModeBits` when asked, at most `maxBytes`;
 * - read to at most `maxBytes` even if it grows meanwhile.
 * A refusal says why in words that never quote the file (it may hold secrets).
 */

export interface ReadRules {
  readonly maxBytes: number;
  /** The file must belong to the process's user (where the OS has uids: not on Windows). */
  readonly ownUser?: boolean;
  /** Mode bits the file must not have, e.g. 0o077 for a private file (not checked on Windows). */
  readonly forbiddenModeBits?: number;
  /** Default utf8; latin1 gives back every byte as it was. */
  readonly encoding?: 'utf8' | 'latin1';
}

export type BoundedRead =
  | { readonly kind: 'read'; readonly text: string; readonly mode: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly reason: string };

/** O_NOFOLLOW and O_NONBLOCK are POSIX; Windows has neither (and no FIFOs in the file system). */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export async function readBounded(path: string, rules: ReadRules): Promise<BoundedRead> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'refused', reason: 'it is a symbolic link' };
    if (code === 'ENXIO') return { kind: 'refused', reason: 'it is not a regular file' };
    return { kind: 'refused', reason: `it cannot be opened (${code ?? 'error'})` };
  }
  try {
    const stats = await handle.stat();
    const reason = refusal(stats, rules);
    if (reason) return { kind: 'refused', reason };
    const text = await readAtMost(handle, rules.maxBytes, rules.encoding ?? 'utf8');
    if (text === undefined) return { kind: 'refused', reason: tooLarge(rules.maxBytes) };
    return { kind: 'read', text, mode: stats.mode & 0o7777 };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'refused', reason: `it cannot be read (${code ?? 'error'})` };
  } finally {
    await handle.close();
  }
}

/** What is wrong with the file that was opened, judged by its fstat; undefined if nothing. */
export function refusal(
  stats: { isFile(): boolean; uid: number; mode: number; size: number },
  rules: ReadRules,
  uid: number | undefined = process.getuid?.(),
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (!stats.isFile()) return 'it is not a regular file';
  if (rules.ownUser && uid !== undefined && modeBitsProtect(platform) && stats.uid !== uid) {
    return `it belongs to another user (uid ${stats.uid})`;
  }
  const forbidden = rules.forbiddenModeBits ?? 0;
  if (modeBitsProtect(platform) && (stats.mode & forbidden) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
    const who = (stats.mode & forbidden & 0o022) !== 0 ? 'change' : 'read';
    return `its mode is ${mode}: other users may ${who} it`;
  }
  if (stats.size > rules.maxBytes) return tooLarge(rules.maxBytes);
  return undefined;
}

function tooLarge(maxBytes: number): string {
  const size =
    maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes / 1024} KiB`;
  return `it is larger than ${size}`;
}

/** The whole file if it has at most `maxBytes` (one more is read to tell); else undefined. */
async function readAtMost(
  handle: Awaited<ReturnType<typeof open>>,
  maxBytes: number,
  encoding: BufferEncoding,
): Promise<string | undefined> {
  const buffer = Buffer.alloc(Math.min(maxBytes + 1, 64 * 1024));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
    if (bytesRead === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    total += bytesRead;
    if (total > maxBytes) return undefined;
  }
  return Buffer.concat(chunks, total).toString(encoding);
}

/** `FILE is not a regular file`, `FILE: its mode is 0644: …`: a refusal as part of a sentence. */
export function describeRefusal(file: string, reason: string): string {
  return reason.startsWith('it ') ? `${file} ${reason.slice(3)}` : `${file}: ${reason}`;
}
