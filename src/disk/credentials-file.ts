import { chmod, lstat, mkdir, rmdir, unlink } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { sha256HexOfLatin1 } from '../shared/hash.js';
import { describeRefusal, type ReadRules, readBounded } from './bounded-read.js';
import { MAX_SHARED_FILE_BYTES, sharedFilePaths } from './config-files.js';
import { resolveWriteTarget, writeAtomically } from './files.js';
import { modeBitsProtect } from './platform.js';

/**
 * The shared credentials and config files, edited as text so that every other profile, comment
 * and blank line stays byte for byte as it was: self-hosted runners keep their home directory.
 * Files are read and written as latin1, which gives back every byte as it was read, whatever
 * encoding the file uses.
 *
 * What the post step needs to undo a write is a WrittenFile: it holds what was replaced (the
 * user's own sections can hold long-lived keys), so it lives in the 0600 state file (state.ts).
 */

/** Where the AWS SDKs and CLI look for the shared credentials file (config-files.ts has the rule). */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return sharedFilePaths(env).credentials;
}

/** Where they look for the config file (region and the other non-secret settings). */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return sharedFilePaths(env).config;
}

/** A section to write: its header name, its lines, and the line that later proves it is ours. */
export interface IniSection {
  /** Inside the brackets: `prod` in the credentials file, `profile prod` in the config file. */
  readonly name: string;
  /** The lines after the header, without line endings. */
  readonly lines: readonly string[];
  /** One of `lines` that no one else would write (whitespace is ignored when comparing). */
  readonly ownerLine: string;
  /**
   * Set for the config file: a section of that name that is already there keeps the user's own
   * settings; only these keys are replaced (by `lines`). Otherwise the whole section is replaced.
   */
  readonly mergeKeys?: readonly string[];
  /** Edit the section only where it already is; never append it (a second name of a section). */
  readonly onlyIfPresent?: boolean;
  /** Edit the section only where it already is and sets one of `mergeKeys`; else leave it be. */
  readonly onlyWhereSet?: boolean;
  /** Append the section only when no section of this other name is there either. */
  readonly appendUnless?: string;
}

/** One section as written, and the text it replaced, for the post step. */
export interface WrittenSection {
  readonly name: string;
  readonly ownerLine: string;
  /** Every section of that name the write replaced, as it was, in file order. */
  readonly replaced?: readonly string[];
}

/** What the main step wrote to one file, so that the post step can take exactly that out again. */
export interface WrittenFile {
  /** The path as configured (a symbolic link, possibly). */
  readonly file: string;
  /** The file that was written: `file`, or what it links to. */
  readonly target?: string;
  readonly sections: readonly WrittenSection[];
  readonly createdFile: boolean;
  /** The file lacked a final newline and one was added before the appended sections. */
  readonly addedNewline: boolean;
  /** The first directory the write had to create (the post step removes it again if empty). */
  readonly createdDirectory?: string;
  /** The mode before, when the write changed it (credentials are kept 0600 while they are there). */
  readonly originalMode?: number;
  /** The whole text before (absent for a new file), and a hash of the text written. */
  readonly originalText?: string;
  readonly writtenSha256?: string;
}

interface Section {
  readonly start: number;
  readonly end: number;
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/**
 * A UTF-8 byte-order mark at the start (as the latin1 text reads it, or decoded). The JS SDK
 * reads a file that starts with one as if it were not there; botocore and the AWS CLI refuse the
 * whole file (aws/aws-cli#3419), with or without this step. So the sections are found and edited
 * after it, as the JS SDK sees them, and the mark is kept byte for byte.
 */
const BYTE_ORDER_MARK = /^(?:\u00ef\u00bb\u00bf|\ufeff)/;

/** The byte-order mark (or '') and the text after it. */
function withoutByteOrderMark(text: string): { mark: string; body: string } {
  const mark = BYTE_ORDER_MARK.exec(text)?.[0] ?? '';
  return { mark, body: text.slice(mark.length) };
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `[name]`, optionally followed by a `#` or `;` comment, as both SDKs' INI parsers read it. */
const HEADER = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[;#][^\r\n]*)?\s*$/;

const CONTENT = /^\s*[^\s#;]/;

const normalizedName = (name: string): string => name.replace(/\s+/g, ' ');

/**
 * Every section of that name, in file order: its header and its lines up to its last setting.
 * Comments and blank lines after that are left out: they usually introduce the next section.
 */
function findSections(lines: readonly string[], name: string): Section[] {
  const wanted = normalizedName(name);
  const found: Section[] = [];
  lines.forEach((line, start) => {
    if (normalizedName(HEADER.exec(line)?.[1] ?? '\u0000') !== wanted) return;
    let end = start + 1;
    for (let index = start + 1; index < lines.length && !HEADER.test(lines[index] ?? ''); index++) {
      if (CONTENT.test(lines[index] ?? '')) end = index + 1;
    }
    found.push({ start, end });
  });
  return found;
}

/** What a credentials section holds (the core's RoleCredentials has this shape). */
export interface KeyTriple {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** The credentials as profile `[NAME]` of the shared credentials file; its key id proves it ours. */
export function credentialsSection(profile: string, credentials: KeyTriple): IniSection {
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
 * The keys of a config profile that say where its credentials come from. The AWS CLI and botocore
 * read `role_arn` (with `source_profile`, `credential_source` or `web_identity_token_file`) and
 * the `sso_*` keys before the shared credentials file, the JS SDK reads `role_arn` first, and the
 * Java SDK `credential_process` too: while any of them is in the profile, the job would not get
 * the credentials this step wrote. They are set aside for the job, and the post step puts them back.
 */
export const CREDENTIAL_SOURCE_KEYS: readonly string[] = [
  'role_arn',
  'source_profile',
  'credential_source',
  'web_identity_token_file',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
];

/**
 * The region of profile NAME in the config file: `[profile NAME]`, or `[default]` for the default
 * profile. Nothing in it is unique to this step, so the comment carries `stepId` (random per
 * step): the post step takes back only a section with it. A section that is already there keeps
 * the user's other settings; only its region is replaced.
 */
export function configSection(profile: string, region: string, stepId: string): IniSection {
  return configSections(profile, region, stepId)[0] as IniSection;
}

/**
 * Both names of a profile's config section. The default profile is `[default]`, and also
 * `[profile default]` where a file has that: the JS SDK then reads only `[profile default]`,
 * botocore and the AWS CLI whichever comes last. The region goes into each that exists (and
 * `[default]` when neither does), so that all of them read the same region. Every key of
 * CREDENTIAL_SOURCE_KEYS is taken out of them; without a region, a section is touched only if it
 * has one of those keys.
 */
export function configSections(
  profile: string,
  region: string | undefined,
  stepId: string,
): IniSection[] {
  const ownerLine = `# written by aws-sso-credentials (${stepId}); its post step removes it`;
  const section = (name: string, only: Partial<IniSection>): IniSection => ({
    name,
    lines: region ? [ownerLine, `region = ${region}`] : [ownerLine],
    ownerLine,
    mergeKeys: region ? ['region', ...CREDENTIAL_SOURCE_KEYS] : CREDENTIAL_SOURCE_KEYS,
    ...(region ? {} : { onlyWhereSet: true }),
    ...only,
  });
  if (profile !== 'default') return [section(`profile ${profile}`, {})];
  return [
    section('default', { appendUnless: 'profile default' }),
    section('profile default', { onlyIfPresent: true }),
  ];
}

/** True for a line that sets one of `keys` (`region = x`, `Region:x`). */
export function setsKey(line: string, keys: readonly string[]): boolean {
  const key = /^\s*([^=:\s]+)\s*[=:]/.exec(line)?.[1]?.toLowerCase();
  return key !== undefined && keys.includes(key);
}

const withEnding = (line: string, eol: string): string => (line.endsWith('\n') ? line : line + eol);

/**
 * The block that takes the place of the existing sections of that name: the whole section, or,
 * for a merged one, the first header and every setting of every occurrence except `mergeKeys`,
 * then ours.
 */
function replacementBlock(
  lines: readonly string[],
  found: readonly Section[],
  section: IniSection,
  eol: string,
): string[] {
  const ours = section.lines.map((line) => line + eol);
  const first = found[0];
  if (!section.mergeKeys || !first) return [`[${section.name}]${eol}`, ...ours];
  const keys = section.mergeKeys;
  const kept = found.flatMap(({ start, end }) =>
    lines.slice(start + 1, end).filter((line) => !setsKey(line, keys)),
  );
  return [
    withEnding(lines[first.start] ?? '', eol),
    ...kept.map((l) => withEnding(l, eol)),
    ...ours,
  ];
}

export interface Upserted {
  readonly text: string;
  readonly addedNewline: boolean;
  readonly sections: readonly WrittenSection[];
}

/**
 * Replaces each section of the same name where it is, and appends the others; returns the new
 * text, whether a final newline had to be added before the appended ones, and, per section
 * written, the text it replaced. A name that occurs more than once (the JS SDK merges such
 * sections, botocore refuses the whole file) is deliberately made one: the first occurrence is
 * replaced, the later ones removed, and all of them are kept for the post step to put back.
 */
export function upsertSections(file: string, sections: readonly IniSection[]): Upserted {
  const { mark, body: text } = withoutByteOrderMark(file);
  const eol = lineEnding(text);
  const lines = splitLines(text);
  const appended: string[] = [];
  const written: WrittenSection[] = [];
  for (const section of sections) {
    const found = findSections(lines, section.name);
    const { name, ownerLine } = section;
    const first = found[0];
    if (!first) {
      if (!mayAppend(lines, section)) continue;
      appended.push(...[`[${name}]`, ...section.lines].map((line) => line + eol));
      written.push({ name, ownerLine });
      continue;
    }
    const replaced = found.map(({ start, end }) => lines.slice(start, end).join(''));
    if (section.onlyWhereSet && !replaced.some((text) => setsAnyOf(text, section.mergeKeys))) {
      continue;
    }
    const block = replacementBlock(lines, found, section, eol);
    for (const { start, end } of found.slice(1).reverse()) lines.splice(start, end - start);
    lines.splice(first.start, first.end - first.start, ...block);
    written.push({ name, ownerLine, replaced });
  }
  const body = lines.join('');
  if (appended.length === 0) return { text: mark + body, addedNewline: false, sections: written };
  const addedNewline = body !== '' && !body.endsWith('\n');
  return {
    text: mark + body + (addedNewline ? eol : '') + appended.join(''),
    addedNewline,
    sections: written,
  };
}

function mayAppend(lines: readonly string[], section: IniSection): boolean {
  if (section.onlyIfPresent || section.onlyWhereSet) return false;
  return !section.appendUnless || findSections(lines, section.appendUnless).length === 0;
}

const setsAnyOf = (text: string, keys: readonly string[] = []): boolean =>
  splitLines(text).some((line) => setsKey(line, keys));

const normalized = (line: string): string => line.replace(/\s+/g, '');

interface OwnedSection {
  readonly section: WrittenSection;
  readonly range: Section;
}

/** The written sections that are still there and still hold their owner line. */
function ownedSections(lines: readonly string[], written: WrittenFile): OwnedSection[] {
  return written.sections.flatMap((section) => {
    const ranges = findSections(lines, section.name).map((found) =>
      withOwnerLine(lines, found, section.ownerLine),
    );
    const range = ranges.find((found) => found !== undefined);
    return range ? [{ section, range }] : [];
  });
}

/**
 * The section, reaching to its owner line if it has one before the next header: an owner line
 * that is a comment (a config section without a region) may come after its last setting.
 */
function withOwnerLine(
  lines: readonly string[],
  { start, end }: Section,
  ownerLine: string,
): Section | undefined {
  for (let index = start + 1; index < lines.length && !HEADER.test(lines[index] ?? ''); index++) {
    if (normalized(lines[index] ?? '') === normalized(ownerLine)) {
      return { start, end: Math.max(end, index + 1) };
    }
  }
  return undefined;
}

/**
 * Takes out every written section that still holds its owner line, putting back what it replaced
 * (all occurrences, at its place); a section someone rewrote since is left alone. Returns
 * undefined when none of them is there any more.
 */
export function removeSections(
  file: string,
  written: WrittenFile,
): { text: string; removed: string[] } | undefined {
  const { mark, body: text } = withoutByteOrderMark(file);
  const lines = splitLines(text);
  const ours = ownedSections(lines, written).sort((a, b) => b.range.start - a.range.start);
  if (ours.length === 0) return undefined;
  // The added newline is taken back only if nothing was appended after our sections since.
  const last = ours[0];
  const reachedEnd = last?.range.end === lines.length && !last.section.replaced?.length;
  const eol = lineEnding(text);
  for (const { section, range } of ours) {
    const restored = splitLines((section.replaced ?? []).join(''));
    // What was replaced ended the file without a newline; something follows it now.
    const final = restored.length - 1;
    if (range.end < lines.length && final >= 0 && !restored[final]?.endsWith('\n')) {
      restored[final] += eol;
    }
    lines.splice(range.start, range.end - range.start, ...restored);
  }
  const remaining = lines.join('');
  const strip = written.addedNewline && reachedEnd && remaining.endsWith(eol);
  return {
    text: mark + (strip ? remaining.slice(0, -eol.length) : remaining),
    removed: ours.map(({ section }) => section.name).reverse(),
  };
}

/** A file about to be written: what is there now, and what will be. */
export interface PlannedWrite {
  readonly file: string;
  readonly target: string;
  readonly existing?: { readonly text: string; readonly mode: number };
  readonly upserted: Upserted;
}

/**
 * Reads the file (through a symbolic link) and works out the new text; writes nothing. Refuses
 * what is not a regular file (a FIFO would block the read, a device would be no INI file) and
 * files over 16 MiB.
 */
export async function planSections(
  file: string,
  sections: readonly IniSection[],
): Promise<PlannedWrite> {
  const target = await resolveWriteTarget(file);
  const existing = await readRegularFile(target, file);
  return {
    file,
    target,
    ...(existing ? { existing } : {}),
    upserted: upsertSections(existing?.text ?? '', sections),
  };
}

/**
 * Writes a planned file in one atomic write (created in a 0700 directory if missing), with mode
 * `wanted` when given (0600 for credentials, whatever the file had before; not on Windows).
 */
export async function writePlanned(
  plan: PlannedWrite,
  wanted?: number,
  madeBefore?: string,
): Promise<WrittenFile> {
  const { existing, upserted } = plan;
  // Windows has no mode bits that protect a file (platform.ts): an existing one keeps its own.
  const mode = modeBitsProtect() ? wanted : undefined;
  // `madeBefore`: the directory this step made for the file's lock (shared-files.ts).
  const createdDirectory =
    (await mkdir(dirname(plan.target), { recursive: true, mode: 0o700 })) ?? madeBefore;
  await writeAtomically(plan.target, upserted.text, {
    encoding: 'latin1',
    ...(mode !== undefined ? { mode } : {}),
  });
  const modeChanged = existing && mode !== undefined && existing.mode !== mode;
  return {
    file: plan.file,
    target: plan.target,
    sections: upserted.sections,
    createdFile: existing === undefined,
    ...(createdDirectory ? { createdDirectory } : {}),
    addedNewline: upserted.addedNewline,
    ...(modeChanged ? { originalMode: existing.mode } : {}),
    ...(existing ? { originalText: existing.text } : {}),
    writtenSha256: sha256HexOfLatin1(upserted.text),
  };
}

/** Plans and writes in one go. */
export async function writeSections(
  file: string,
  sections: readonly IniSection[],
  mode?: number,
): Promise<WrittenFile> {
  return writePlanned(await planSections(file, sections), mode);
}

/**
 * Takes out what writeSections wrote. When the file is exactly as the main step left it, the text
 * from before is put back whole (or the file deleted, if the main step created it); otherwise
 * section by section (removeSections). Then the mode from before, unless someone changed it
 * since. Returns the names of the sections it took out.
 */
export async function unwriteSections(written: WrittenFile): Promise<string[]> {
  const target = written.target ?? written.file;
  const existing = await readRegularFile(target, written.file, READ_BACK_RULES);
  if (!existing) return [];
  let removed: string[];
  if (
    written.writtenSha256 !== undefined &&
    sha256HexOfLatin1(existing.text) === written.writtenSha256
  ) {
    if (written.createdFile) await unlink(target);
    else await writeAtomically(target, written.originalText ?? '', { encoding: 'latin1' });
    removed = written.sections.map(({ name }) => name);
  } else {
    const result = removeSections(existing.text, written);
    if (!result) return [];
    if (written.createdFile && result.text.trim() === '') await unlink(target);
    else await writeAtomically(target, result.text, { encoding: 'latin1' });
    removed = result.removed;
  }
  await restoreMode(target, written.originalMode);
  return removed;
}

/**
 * Removes the directories the main step created for the file (~/.aws on a fresh runner), deepest
 * first, as long as they are empty: anything put there since keeps them.
 */
export async function removeCreatedDirectories(written: WrittenFile): Promise<void> {
  if (written.createdDirectory) {
    await removeEmptyDirectories(written.target ?? written.file, written.createdDirectory);
  }
}

/** The directories from `file`'s up to `top` (which this step made), while they are empty. */
export async function removeEmptyDirectories(file: string, top: string): Promise<void> {
  let directory = dirname(file);
  if (directory !== top && !directory.startsWith(`${top}${sep}`)) return;
  for (;;) {
    try {
      await rmdir(directory);
    } catch {
      return;
    }
    if (directory === top) return;
    directory = dirname(directory);
  }
}

/** Puts the mode from before back, if the file is still there with the mode the step gave it. */
async function restoreMode(target: string, originalMode: number | undefined): Promise<void> {
  if (originalMode === undefined) return;
  const now = await lstat(target).catch(() => undefined);
  if (now?.isFile() && (now.mode & 0o777) === 0o600) await chmod(target, originalMode & 0o7777);
}

/**
 * What the post step holds the file to: the step's user's (another user's file in its place is
 * left alone). Not its mode: refusing a credentials file someone made 0644 would leave the
 * credentials in it and lose the sections they replaced; restoreMode leaves such a mode alone.
 */
const READ_BACK_RULES: ReadRules = { maxBytes: MAX_SHARED_FILE_BYTES, ownUser: true };

/**
 * The file's text and mode (bounded-read.ts: not through a link, no FIFO or device, at most
 * 16 MiB); undefined when it does not exist. `rules` adds what the post step demands.
 */
async function readRegularFile(
  target: string,
  shownAs: string,
  rules?: ReadRules,
): Promise<{ text: string; mode: number } | undefined> {
  const read = await readBounded(target, {
    maxBytes: MAX_SHARED_FILE_BYTES,
    encoding: 'latin1',
    ...rules,
  });
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'read') return { text: read.text, mode: read.mode };
  if (!rules) throw new Error(describeRefusal(shownAs, read.reason));
  throw new Error(`${shownAs} cannot be read back (${read.reason}); left as it is`);
}

/** True when the text has a section of that name, e.g. a profile's keys in the credentials file. */
export function hasSection(text: string, name: string): boolean {
  return findSections(splitLines(withoutByteOrderMark(text).body), name).length > 0;
}
