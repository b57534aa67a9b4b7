import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AwsEnv } from './constants.js';
import type { RoleCredentials } from './credentials.js';

/**
 * The shared credentials file, edited as text so that every other profile, comment and blank
 * line stays byte for byte as it was: self-hosted runners keep their home directory.
 */

/** Where the AWS SDKs and CLI look for it. */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || homedir();
  const configured = env[AwsEnv.SharedCredentialsFile];
  // Workflow `env:` values are not shell-expanded; the SDKs expand a leading ~/ themselves.
  if (configured) return configured.startsWith('~/') ? join(home, configured.slice(2)) : configured;
  return join(home, '.aws', 'credentials');
}

/** What the main step wrote, so that the post step can take exactly that out again. */
export interface WrittenProfile {
  readonly file: string;
  readonly profile: string;
  readonly accessKeyId: string;
  readonly createdFile: boolean;
  /** The file lacked a final newline and one was added before the new section. */
  readonly addedNewline: boolean;
}

interface Section {
  readonly start: number;
  readonly end: number;
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `[name]`, optionally followed by a `#` or `;` comment, as both SDKs' INI parsers read it. */
const HEADER = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[;#][^\r\n]*)?\s*$/;

const CONTENT = /^\s*[^\s#;]/;

/**
 * The section's header and its lines up to its last setting. Comments and blank lines after
 * that are left out: they usually introduce the next section, and belong to it.
 */
function findSection(lines: readonly string[], profile: string): Section | undefined {
  const start = lines.findIndex((line) => HEADER.exec(line)?.[1] === profile);
  if (start < 0) return undefined;
  let end = start + 1;
  for (let index = start + 1; index < lines.length && !HEADER.test(lines[index] ?? ''); index++) {
    if (CONTENT.test(lines[index] ?? '')) end = index + 1;
  }
  return { start, end };
}

function sectionLines(profile: string, credentials: RoleCredentials, eol: string): string[] {
  return [
    `[${profile}]`,
    `# written by aws-sso-credentials; expires ${credentials.expiration.toISOString()}`,
    `aws_access_key_id = ${credentials.accessKeyId}`,
    `aws_secret_access_key = ${credentials.secretAccessKey}`,
    `aws_session_token = ${credentials.sessionToken}`,
  ].map((line) => line + eol);
}

/** Replaces the profile's section, or appends one; returns the new text. */
export function upsertProfile(
  text: string,
  profile: string,
  credentials: RoleCredentials,
): { text: string; addedNewline: boolean } {
  const eol = lineEnding(text);
  const lines = splitLines(text);
  const block = sectionLines(profile, credentials, eol);
  const section = findSection(lines, profile);
  if (section) {
    lines.splice(section.start, section.end - section.start, ...block);
    return { text: lines.join(''), addedNewline: false };
  }
  const addedNewline = text !== '' && !text.endsWith('\n');
  return { text: text + (addedNewline ? eol : '') + block.join(''), addedNewline };
}

/**
 * Removes the profile's section if it still holds the credentials the main step wrote; a
 * section someone rewrote since is left alone. Returns undefined when there is nothing to remove.
 */
export function removeProfile(text: string, written: WrittenProfile): string | undefined {
  const lines = splitLines(text);
  const section = findSection(lines, written.profile);
  if (!section) return undefined;
  const keyLine = /^\s*aws_access_key_id\s*=\s*(\S+)\s*$/;
  const ours = lines
    .slice(section.start, section.end)
    .some((line) => keyLine.exec(line)?.[1] === written.accessKeyId);
  if (!ours) return undefined;
  lines.splice(section.start, section.end - section.start);
  const remaining = lines.join('');
  const wasLast = section.start === lines.length;
  const eol = lineEnding(text);
  return written.addedNewline && wasLast && remaining.endsWith(eol)
    ? remaining.slice(0, -eol.length)
    : remaining;
}

/** Writes the profile into the file (created 0600 in a 0700 directory if missing), atomically. */
export async function writeProfile(
  file: string,
  profile: string,
  credentials: RoleCredentials,
): Promise<WrittenProfile> {
  const existing = await readIfExists(file);
  const { text, addedNewline } = upsertProfile(existing ?? '', profile, credentials);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeAtomically(file, text);
  return {
    file,
    profile,
    accessKeyId: credentials.accessKeyId,
    createdFile: existing === undefined,
    addedNewline,
  };
}

/** Takes out what writeProfile wrote; deletes the file if the main step created it and it is now empty. */
export async function unwriteProfile(written: WrittenProfile): Promise<'removed' | 'not-found'> {
  const existing = await readIfExists(written.file);
  const text = existing === undefined ? undefined : removeProfile(existing, written);
  if (text === undefined) return 'not-found';
  if (written.createdFile && text.trim() === '') await unlink(written.file);
  else await writeAtomically(written.file, text);
  return 'removed';
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Same-directory temp file + rename: a reader never sees half a file. Keeps an existing file's mode. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const mode = await stat(file).then(
    (stats) => stats.mode & 0o777,
    () => 0o600,
  );
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
