import { mkdir, readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AwsEnv } from '../shared/aws-env.js';
import { writeAtomically } from '../shared/files.js';
import type { RoleCredentials } from '../sso/credentials.js';

/**
 * The shared credentials and config files, edited as text so that every other profile, comment
 * and blank line stays byte for byte as it was: self-hosted runners keep their home directory.
 */

/** Where the AWS SDKs and CLI look for the shared credentials file. */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return sharedFilePath(env, AwsEnv.SharedCredentialsFile, 'credentials');
}

/** Where they look for the config file (region and the other non-secret settings). */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return sharedFilePath(env, AwsEnv.ConfigFile, 'config');
}

function sharedFilePath(env: NodeJS.ProcessEnv, variable: string, name: string): string {
  const home = env.HOME || homedir();
  const configured = env[variable];
  // Workflow `env:` values are not shell-expanded; the SDKs expand a leading ~/ themselves.
  if (configured) return configured.startsWith('~/') ? join(home, configured.slice(2)) : configured;
  return join(home, '.aws', name);
}

/** A section to write: its header name, its lines, and the line that later proves it is ours. */
export interface IniSection {
  /** Inside the brackets: `prod` in the credentials file, `profile prod` in the config file. */
  readonly name: string;
  /** The lines after the header, without line endings. */
  readonly lines: readonly string[];
  /** One of `lines` that no one else would write (whitespace is ignored when comparing). */
  readonly ownerLine: string;
}

/** What the main step wrote to one file, so that the post step can take exactly that out again. */
export interface WrittenFile {
  readonly file: string;
  readonly sections: readonly { readonly name: string; readonly ownerLine: string }[];
  readonly createdFile: boolean;
  /** The file lacked a final newline and one was added before the appended sections. */
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
function findSection(lines: readonly string[], name: string): Section | undefined {
  const wanted = name.replace(/\s+/g, ' ');
  const start = lines.findIndex((line) => HEADER.exec(line)?.[1]?.replace(/\s+/g, ' ') === wanted);
  if (start < 0) return undefined;
  let end = start + 1;
  for (let index = start + 1; index < lines.length && !HEADER.test(lines[index] ?? ''); index++) {
    if (CONTENT.test(lines[index] ?? '')) end = index + 1;
  }
  return { start, end };
}

/** The credentials as profile `[NAME]` of the shared credentials file; its key id proves it ours. */
export function credentialsSection(profile: string, credentials: RoleCredentials): IniSection {
  const ownerLine = `aws_access_key_id = ${credentials.accessKeyId}`;
  return {
    name: profile,
    lines: [
      `# written by aws-sso-credentials; expires ${credentials.expiration.toISOString()}`,
      ownerLine,
      `aws_secret_access_key = ${credentials.secretAccessKey}`,
      `aws_session_token = ${credentials.sessionToken}`,
    ],
    ownerLine,
  };
}

/**
 * The region as `[profile NAME]` of the config file. Nothing in it is unique to this step, so
 * the comment carries `stepId` (random per step): the post step removes only a section with it.
 */
export function configSection(profile: string, region: string, stepId: string): IniSection {
  const ownerLine = `# written by aws-sso-credentials (${stepId}); its post step removes it`;
  return { name: `profile ${profile}`, lines: [ownerLine, `region = ${region}`], ownerLine };
}

/**
 * Replaces each section of the same name where it is, and appends the others; returns the new
 * text, and whether a final newline had to be added to the file before the appended ones.
 */
export function upsertSections(
  text: string,
  sections: readonly IniSection[],
): { text: string; addedNewline: boolean } {
  const eol = lineEnding(text);
  const lines = splitLines(text);
  const appended: string[] = [];
  for (const section of sections) {
    const block = [`[${section.name}]`, ...section.lines].map((line) => line + eol);
    const found = findSection(lines, section.name);
    if (found) lines.splice(found.start, found.end - found.start, ...block);
    else appended.push(...block);
  }
  const body = lines.join('');
  if (appended.length === 0) return { text: body, addedNewline: false };
  const addedNewline = body !== '' && !body.endsWith('\n');
  return { text: body + (addedNewline ? eol : '') + appended.join(''), addedNewline };
}

const normalized = (line: string): string => line.replace(/\s+/g, '');

/** The written sections that are still there and still hold their owner line. */
function ownedSections(lines: readonly string[], written: WrittenFile): OwnedSection[] {
  return written.sections.flatMap(({ name, ownerLine }) => {
    const range = findSection(lines, name);
    if (!range) return [];
    const ours = lines
      .slice(range.start, range.end)
      .some((line) => normalized(line) === normalized(ownerLine));
    return ours ? [{ name, range }] : [];
  });
}

interface OwnedSection {
  readonly name: string;
  readonly range: Section;
}

/**
 * Removes every written section that still holds its owner line; a section someone rewrote
 * since is left alone. Returns undefined when none of them is there any more.
 */
export function removeSections(
  text: string,
  written: WrittenFile,
): { text: string; removed: string[] } | undefined {
  const lines = splitLines(text);
  const ours = ownedSections(lines, written).sort((a, b) => b.range.start - a.range.start);
  if (ours.length === 0) return undefined;
  // The added newline is taken back only if nothing was appended after our sections since.
  const reachedEnd = ours[0]?.range.end === lines.length;
  for (const { range } of ours) lines.splice(range.start, range.end - range.start);
  const remaining = lines.join('');
  const eol = lineEnding(text);
  const strip = written.addedNewline && reachedEnd && remaining.endsWith(eol);
  return {
    text: strip ? remaining.slice(0, -eol.length) : remaining,
    removed: ours.map(({ name }) => name).reverse(),
  };
}

/** Writes the sections into the file (created 0600 in a 0700 directory if missing) in one atomic write. */
export async function writeSections(
  file: string,
  sections: readonly IniSection[],
): Promise<WrittenFile> {
  const existing = await readIfExists(file);
  const { text, addedNewline } = upsertSections(existing ?? '', sections);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeAtomically(file, text);
  return {
    file,
    sections: sections.map(({ name, ownerLine }) => ({ name, ownerLine })),
    createdFile: existing === undefined,
    addedNewline,
  };
}

/**
 * Takes out what writeSections wrote, in one atomic write; deletes the file if the main step
 * created it and it is now empty. Returns the names of the sections it removed.
 */
export async function unwriteSections(written: WrittenFile): Promise<string[]> {
  const existing = await readIfExists(written.file);
  const result = existing === undefined ? undefined : removeSections(existing, written);
  if (!result) return [];
  if (written.createdFile && result.text.trim() === '') await unlink(written.file);
  else await writeAtomically(written.file, result.text);
  return result.removed;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
