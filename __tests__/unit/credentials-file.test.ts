import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  configFilePath,
  configSection,
  configSections,
  credentialsFilePath,
  credentialsSection,
  removeCreatedDirectories,
  removeSections,
  unwriteSections,
  upsertSections,
  type WrittenFile,
  writeSections,
} from '../../src/disk/credentials-file.js';
import type { RoleCredentials } from '../../src/sso/credentials.js';
import { whilePlatformIs } from '../support/platform.js';

const CREDENTIALS: RoleCredentials = {
  accessKeyId: 'ASIAEXAMPLEKEYID1',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN',
  expiration: new Date('2026-11-26T09:00:00.000Z'),
};

const OWNER_LINE = `aws_access_key_id = ${CREDENTIALS.accessKeyId}`;

function written(profile: string, addedNewline: boolean, file = '/unused'): WrittenFile {
  return {
    file,
    sections: [{ name: profile, ownerLine: OWNER_LINE }],
    createdFile: false,
    addedNewline,
  };
}

/** One profile, as the `profile` input writes it. */
function upsertProfile(text: string, profile: string, credentials: RoleCredentials) {
  return upsertSections(text, [credentialsSection(profile, credentials)]);
}

function removeProfile(text: string, what: WrittenFile): string | undefined {
  return removeSections(text, what)?.text;
}

function writeProfile(file: string, profile: string, credentials: RoleCredentials) {
  return writeSections(file, [credentialsSection(profile, credentials)]);
}

async function unwriteProfile(what: WrittenFile): Promise<'removed' | 'not-found'> {
  return (await unwriteSections(what)).length > 0 ? 'removed' : 'not-found';
}

/** The main step's edit, then the post step's. */
function roundTrip(text: string, profile = 'ci'): string | undefined {
  const upserted = upsertProfile(text, profile, CREDENTIALS);
  return removeProfile(upserted.text, written(profile, upserted.addedNewline));
}

/** The UTF-8 byte-order mark as a latin1 read gives it (PowerShell 5's `-Encoding UTF8` writes one). */
const BOM = '\u00ef\u00bb\u00bf';

const OTHER_PROFILES = [
  '# Managed by the ops team; do not edit by hand.',
  '[default]',
  'aws_access_key_id = AKIADEFAULTKEY',
  'aws_secret_access_key = defaultsecret',
  '',
  '; staging keeps its own region',
  '[staging]',
  'aws_access_key_id=AKIASTAGING',
  'region = eu-west-1',
  '',
].join('\n');

const ORIGINALS: [string, string][] = [
  ['an empty file', ''],
  ['a file with other profiles and comments', OTHER_PROFILES],
  ['a file without a trailing newline', '[default]\naws_access_key_id = AKIADEFAULTKEY'],
  ['a file ending in a comment without newline', '[default]\nregion = us-east-1\n# end'],
  ['a CRLF file', '[default]\r\naws_access_key_id = AKIADEFAULTKEY\r\n\r\n'],
  ['a CRLF file without a trailing newline', '[default]\r\naws_access_key_id = AKIADEFAULTKEY'],
  ['a file that is one newline', '\n'],
  ['a file ending in blank lines', '[default]\nregion = us-east-1\n\n\n'],
  ['a file of spaces only', '   '],
  ['a file with indented and spaced headers', '  [ default ]  \nk = v\n'],
  // Read as latin1: the UTF-8 byte-order mark (EF BB BF) is these three characters.
  ['a file that starts with a byte-order mark', `${BOM}${OTHER_PROFILES}`],
  ['a file that is only a byte-order mark', BOM],
  ['a CRLF file with a byte-order mark', `${BOM}[default]\r\naws_access_key_id = AKIAOLD\r\n`],
];

describe('upsertProfile then removeProfile restores the file byte for byte', () => {
  test.each(ORIGINALS)('%s', (_label, text) => {
    expect(roundTrip(text)).toBe(text);
  });
});

/** Credentials for profile number `n` (distinct key ids, as GetRoleCredentials issues them). */
function credentialsOf(n: number): RoleCredentials {
  return { ...CREDENTIALS, accessKeyId: `ASIAEXAMPLEKEY${String(n).padStart(4, '0')}` };
}

const STEP_ID = 'a1b2c3d4e5f6';

/** The `profiles` input's two writes: three credentials sections, and their config sections. */
function manySections(kind: 'credentials' | 'config', names = ['prod', 'dev', 'audit']) {
  return names.map((name, n) =>
    kind === 'credentials'
      ? credentialsSection(name, credentialsOf(n))
      : configSection(name, 'eu-west-1', STEP_ID),
  );
}

function writtenOf(sections: ReturnType<typeof manySections>, addedNewline: boolean): WrittenFile {
  return {
    file: '/unused',
    sections: sections.map(({ name, ownerLine }) => ({ name, ownerLine })),
    createdFile: false,
    addedNewline,
  };
}

describe('many sections in one write (the profiles input)', () => {
  test.each(ORIGINALS)('credentials, then the post step, restore %s byte for byte', (_l, text) => {
    const sections = manySections('credentials');
    const upserted = upsertSections(text, sections);
    const removed = removeSections(upserted.text, writtenOf(sections, upserted.addedNewline));
    expect(removed).toEqual({ text, removed: ['prod', 'dev', 'audit'] });
  });

  test.each(ORIGINALS)('config, then the post step, restore %s byte for byte', (_l, text) => {
    const sections = manySections('config');
    const upserted = upsertSections(text, sections);
    const removed = removeSections(upserted.text, writtenOf(sections, upserted.addedNewline));
    expect(removed?.text).toBe(text);
  });

  test('appends every section after the existing text, in the given order', () => {
    const { text } = upsertSections(OTHER_PROFILES, manySections('credentials'));
    expect(text.startsWith(OTHER_PROFILES)).toBe(true);
    const headers = text.slice(OTHER_PROFILES.length).match(/^\[.*\]$/gm);
    expect(headers).toEqual(['[prod]', '[dev]', '[audit]']);
    expect(text).toContain(`aws_access_key_id = ${credentialsOf(2).accessKeyId}\n`);
  });

  test('writes the region as [profile NAME] with the step id in the comment', () => {
    const { text } = upsertSections('', manySections('config', ['prod']));
    expect(text).toBe(
      `[profile prod]\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\nregion = eu-west-1\n`,
    );
  });

  test('replaces existing sections in place and appends the new ones', () => {
    const before = '[profile dev]\nregion = us-west-2\noutput = json\n[profile keep]\nregion = x\n';
    const { text } = upsertSections(before, manySections('config', ['dev', 'prod']));
    expect(text.match(/^\[profile dev\]$/gm)).toHaveLength(1);
    expect(text).not.toContain('us-west-2');
    expect(text.indexOf('[profile dev]')).toBeLessThan(text.indexOf('[profile keep]'));
    expect(text.indexOf('[profile prod]')).toBeGreaterThan(text.indexOf('[profile keep]'));
  });

  test('finds a config header written with extra spaces', () => {
    const { text } = upsertSections(
      '[ profile   dev ]\nregion = x\n',
      manySections('config', ['dev']),
    );
    expect(text).not.toContain('region = x');
    expect(text.match(/profile/g)).toHaveLength(1);
  });

  test("leaves another step's config section alone (a different step id)", () => {
    const theirs = upsertSections('', [configSection('dev', 'eu-west-1', 'ffffffffffff')]).text;
    const ours = manySections('config', ['dev']);
    expect(removeSections(theirs, writtenOf(ours, false))).toBeUndefined();
  });

  test('removes the sections still ours and names them; a rewritten one stays', () => {
    const sections = manySections('credentials');
    const upserted = upsertSections('[default]\nk = v', sections);
    const rewritten = upserted.text.replace(credentialsOf(1).accessKeyId, 'ASIAREWRITTEN');
    const removed = removeSections(rewritten, writtenOf(sections, upserted.addedNewline));
    expect(removed?.removed).toEqual(['prod', 'audit']);
    expect(removed?.text).toMatch(/^\[default\]\nk = v\n\[dev\]\n/);
    expect(removed?.text).toContain('ASIAREWRITTEN');
  });

  test('keeps the added newline when a later step appended a section after ours', () => {
    const sections = manySections('credentials');
    const upserted = upsertSections('[a]\nx = 1', sections);
    const later = `${upserted.text}[later]\ny = 2\n`;
    const removed = removeSections(later, writtenOf(sections, true));
    expect(removed?.text).toBe('[a]\nx = 1\n[later]\ny = 2\n');
  });
});

describe('a file that starts with a UTF-8 byte-order mark', () => {
  test('its first section is found after the mark (as the JS SDK reads it), and the mark stays', () => {
    const before = `${BOM}[ci]\naws_access_key_id = AKIAOLD\n[other]\nk = v\n`;
    const { text } = upsertProfile(before, 'ci', CREDENTIALS);
    expect(text.startsWith(`${BOM}[ci]\n# written by aws-sso-credentials`)).toBe(true);
    expect(text.match(/\[ci\]/g)).toHaveLength(1);
    expect(text).not.toContain('AKIAOLD');
    expect(text.endsWith('[other]\nk = v\n')).toBe(true);
  });

  test("a merged config section keeps the user's settings behind the mark", () => {
    const before = `${BOM}[default]\nregion = us-west-2\noutput = json\n`;
    const { text } = upsertSections(before, configSections('default', 'eu-west-1', STEP_ID));
    expect(text).toBe(
      `${BOM}[default]\noutput = json\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\nregion = eu-west-1\n`,
    );
  });

  test('a decoded mark (U+FEFF) is recognised too', () => {
    const { text } = upsertProfile('\ufeff[ci]\nk = v\n', 'ci', CREDENTIALS);
    expect(text.startsWith('\ufeff[ci]\n#')).toBe(true);
    expect(text.match(/\[ci\]/g)).toHaveLength(1);
  });
});

describe('upsertProfile', () => {
  test('appends a section with the three credential keys and the expiry', () => {
    const { text, addedNewline } = upsertProfile(OTHER_PROFILES, 'ci', CREDENTIALS);
    expect(addedNewline).toBe(false);
    expect(text.startsWith(OTHER_PROFILES)).toBe(true);
    expect(text.slice(OTHER_PROFILES.length)).toBe(
      [
        '[ci]',
        '# written by aws-sso-credentials; expires 2026-11-26T09:00:00.000Z',
        `aws_access_key_id = ${CREDENTIALS.accessKeyId}`,
        `aws_secret_access_key = ${CREDENTIALS.secretAccessKey}`,
        `aws_session_token = ${CREDENTIALS.sessionToken}`,
        '',
      ].join('\n'),
    );
  });

  test('adds a newline before the section when the file lacks one, and says so', () => {
    const { text, addedNewline } = upsertProfile('[default]\nk = v', 'ci', CREDENTIALS);
    expect(addedNewline).toBe(true);
    expect(text.startsWith('[default]\nk = v\n[ci]\n')).toBe(true);
  });

  test('writes CRLF line endings into a CRLF file', () => {
    const { text } = upsertProfile('[default]\r\nk = v', 'ci', CREDENTIALS);
    expect(text).toMatch(/\[ci\]\r\n/);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  test('replaces an existing section of the same name, leaving the others as they were', () => {
    const before = '[default]\nk = v\n\n';
    const after = '[after]\nk = w\n';
    const text = `${before}[ci]\naws_access_key_id = AKIAOLDKEY\naws_secret_access_key = old\n${after}`;
    const upserted = upsertProfile(text, 'ci', CREDENTIALS);
    expect(upserted.addedNewline).toBe(false);
    expect(upserted.text.startsWith(before)).toBe(true);
    expect(upserted.text.endsWith(after)).toBe(true);
    expect(upserted.text).not.toContain('AKIAOLDKEY');
    expect(upserted.text.match(/^\[ci\]$/gm)).toHaveLength(1);
    expect(upserted.text).toContain(`aws_access_key_id = ${CREDENTIALS.accessKeyId}\n`);

    // The post step then takes the profile out; everything else stays.
    expect(removeProfile(upserted.text, written('ci', upserted.addedNewline))).toBe(
      `${before}${after}`,
    );
  });

  test('replaces an existing last section that has no trailing newline', () => {
    const upserted = upsertProfile(
      '[a]\nx = 1\n[ci]\naws_access_key_id = AKIAOLD',
      'ci',
      CREDENTIALS,
    );
    expect(upserted.text).not.toContain('AKIAOLD');
    expect(removeProfile(upserted.text, written('ci', upserted.addedNewline))).toBe('[a]\nx = 1\n');
  });

  test('matches only the exact profile name', () => {
    const text = '[ci-other]\nk = v\n[xci]\nk = w\n';
    const upserted = upsertProfile(text, 'ci', CREDENTIALS);
    expect(upserted.text.startsWith(text)).toBe(true);
  });

  // BUG (src/disk/credentials-file.ts, HEADER): a header followed by an inline comment, such as
  // `[team] # shared`, is not recognised as a section start, although the JS SDK (parseIni strips
  // `\s[;#]...`) and botocore (configparser) both read it as profile `team`. The replaced section
  // then runs on through `[team]`, and that unrelated profile is overwritten.
  test('keeps a following profile whose header carries an inline comment', () => {
    const team = '[team] # shared by the ops team\naws_access_key_id = AKIATEAM\n';
    const upserted = upsertProfile(`[ci]\naws_access_key_id = AKIAOLD\n${team}`, 'ci', CREDENTIALS);
    expect(upserted.text).toContain(team);
  });

  // BUG (same cause): an existing `[ci] ; note` is not found, so a second [ci] section is appended;
  // botocore's configparser then refuses the whole file (DuplicateSectionError).
  test('replaces an existing section whose header carries an inline comment', () => {
    const upserted = upsertProfile(
      '[ci] ; for CI\naws_access_key_id = AKIAOLD\n',
      'ci',
      CREDENTIALS,
    );
    expect(upserted.text.match(/^\[ci\]/gm)).toHaveLength(1);
  });
});

describe('removeProfile', () => {
  test('takes out the profile when it is in the middle of the file (a later step appended one)', () => {
    const original = '[a]\nx = 1\n';
    const upserted = upsertProfile(original, 'ci', CREDENTIALS);
    const later = `${upserted.text}[later]\ny = 2`;
    expect(removeProfile(later, written('ci', upserted.addedNewline))).toBe(
      '[a]\nx = 1\n[later]\ny = 2',
    );
  });

  test('keeps the added newline when a section now follows the profile', () => {
    const upserted = upsertProfile('[a]\nx = 1', 'ci', CREDENTIALS);
    expect(upserted.addedNewline).toBe(true);
    const later = `${upserted.text}[later]\ny = 2\n`;
    expect(removeProfile(later, written('ci', true))).toBe('[a]\nx = 1\n[later]\ny = 2\n');
  });

  // BUG (src/disk/credentials-file.ts, HEADER; see above): a section appended after ours with a
  // commented header is taken for part of ours, and the post step deletes it too.
  test('keeps a later profile whose header carries an inline comment', () => {
    const upserted = upsertProfile('[a]\nx = 1\n', 'ci', CREDENTIALS);
    const later = `${upserted.text}[later] ; added by a later step\ny = 2\n`;
    expect(removeProfile(later, written('ci', false))).toBe(
      '[a]\nx = 1\n[later] ; added by a later step\ny = 2\n',
    );
  });

  test('leaves a section whose aws_access_key_id changed since', () => {
    const upserted = upsertProfile(OTHER_PROFILES, 'ci', CREDENTIALS);
    const rewritten = upserted.text.replace(CREDENTIALS.accessKeyId, 'ASIAOTHERKEY');
    expect(removeProfile(rewritten, written('ci', upserted.addedNewline))).toBeUndefined();
  });

  test('returns undefined when the profile is not there', () => {
    expect(removeProfile(OTHER_PROFILES, written('ci', false))).toBeUndefined();
    expect(removeProfile('', written('ci', false))).toBeUndefined();
  });

  test('does not take our key in another profile for ours', () => {
    const text = `[ci]\naws_access_key_id = AKIAOTHER\n[other]\naws_access_key_id = ${CREDENTIALS.accessKeyId}\n`;
    expect(removeProfile(text, written('ci', false))).toBeUndefined();
  });

  test('still recognises our key when the line was re-spaced', () => {
    const text = `[a]\nk = v\n[ci]\naws_access_key_id=${CREDENTIALS.accessKeyId}\n`;
    expect(removeProfile(text, written('ci', false))).toBe('[a]\nk = v\n');
  });
});

describe('writeProfile and unwriteProfile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credentials-file-test-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('create the file 0600 in a 0700 directory, then delete the file again', async () => {
    const file = join(dir, 'home', '.aws', 'credentials');
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    expect(result).toEqual({
      file,
      target: file,
      sections: [{ name: 'ci', ownerLine: OWNER_LINE }],
      createdFile: true,
      createdDirectory: join(dir, 'home'),
      addedNewline: false,
      writtenSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'home', '.aws'))).mode & 0o777).toBe(0o700);
    expect(await readFile(file, 'utf8')).toContain(`[ci]\n`);
    expect(await readdir(join(dir, 'home', '.aws'))).toEqual(['credentials']);

    expect(await unwriteProfile(result)).toBe('removed');
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await removeCreatedDirectories(result);
    expect(await readdir(dir)).toEqual([]);
  });

  test('the directories it created stay while anything else is in them', async () => {
    const file = join(dir, 'home', '.aws', 'credentials');
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    await writeFile(join(dir, 'home', '.aws', 'config'), '[default]\n');
    await unwriteSections(result);
    await removeCreatedDirectories(result);
    expect(await readdir(join(dir, 'home', '.aws'))).toEqual(['config']);
  });

  test('an existing directory is never removed, even when empty', async () => {
    await mkdir(join(dir, '.aws'));
    const file = join(dir, '.aws', 'credentials');
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    expect(result.createdDirectory).toBeUndefined();
    await unwriteSections(result);
    await removeCreatedDirectories(result);
    expect(await readdir(dir)).toEqual(['.aws']);
  });

  test("keep an existing file's mode and restore its text byte for byte", async () => {
    const file = join(dir, 'credentials');
    const original = '[default]\r\naws_access_key_id = AKIADEFAULTKEY';
    await writeFile(file, original, { mode: 0o644 });
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    expect(result.createdFile).toBe(false);
    expect(result.addedNewline).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readFile(file, 'utf8')).toContain(
      `aws_session_token = ${CREDENTIALS.sessionToken}\r\n`,
    );

    expect(await unwriteProfile(result)).toBe('removed');
    expect(await readFile(file, 'utf8')).toBe(original);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['credentials']);
  });

  test('keep a file the action created when another profile was added to it since', async () => {
    const file = join(dir, 'credentials');
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}[later]\nk = v\n`);
    expect(await unwriteProfile(result)).toBe('removed');
    expect(await readFile(file, 'utf8')).toBe('[later]\nk = v\n');
  });

  test('leave a rewritten profile alone', async () => {
    const file = join(dir, 'credentials');
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    const rewritten = (await readFile(file, 'utf8')).replace(CREDENTIALS.accessKeyId, 'ASIANEWER');
    await writeFile(file, rewritten);
    expect(await unwriteProfile(result)).toBe('not-found');
    expect(await readFile(file, 'utf8')).toBe(rewritten);
  });

  test('report not-found when the file is gone', async () => {
    const file = join(dir, 'credentials');
    const result = await writeProfile(file, 'ci', CREDENTIALS);
    await rm(file);
    expect(await unwriteProfile(result)).toBe('not-found');
  });
});

describe('credentialsFilePath', () => {
  test('honours AWS_SHARED_CREDENTIALS_FILE first', () => {
    expect(
      credentialsFilePath({ AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds', HOME: '/home/runner' }),
    ).toBe('/etc/aws/creds');
  });

  test('falls back to $HOME/.aws/credentials', () => {
    expect(credentialsFilePath({ HOME: '/home/runner' })).toBe('/home/runner/.aws/credentials');
    expect(credentialsFilePath({ AWS_SHARED_CREDENTIALS_FILE: '', HOME: '/home/runner' })).toBe(
      '/home/runner/.aws/credentials',
    );
  });

  test('falls back to the OS home directory when HOME is unset', () => {
    expect(credentialsFilePath({})).toBe(join(homedir(), '.aws', 'credentials'));
  });

  test('reads process.env by default', () => {
    const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/tmp/from-process-env';
    try {
      expect(credentialsFilePath()).toBe('/tmp/from-process-env');
    } finally {
      if (saved === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
    }
  });

  // BUG (src/disk/credentials-file.ts): the JS SDK (loadSharedConfigFiles) and botocore expand a
  // leading `~/` in AWS_SHARED_CREDENTIALS_FILE; workflow `env:` values are not shell-expanded, so
  // `~/.aws/ci` reaches the action verbatim. The action then writes the credentials to
  // `<working directory>/~/.aws/ci` (inside the checked-out workspace) while the SDKs read
  // `$HOME/.aws/ci` and never see the profile.
  test('expands a leading ~/ in AWS_SHARED_CREDENTIALS_FILE as the SDKs do', () => {
    expect(
      credentialsFilePath({ AWS_SHARED_CREDENTIALS_FILE: '~/.aws/ci', HOME: '/home/runner' }),
    ).toBe('/home/runner/.aws/ci');
  });
});

describe('configFilePath', () => {
  test('honours AWS_CONFIG_FILE, expanding a leading ~/', () => {
    expect(configFilePath({ AWS_CONFIG_FILE: '/etc/aws/config', HOME: '/h' })).toBe(
      '/etc/aws/config',
    );
    expect(configFilePath({ AWS_CONFIG_FILE: '~/cfg', HOME: '/h' })).toBe('/h/cfg');
  });

  test('falls back to $HOME/.aws/config', () => {
    expect(configFilePath({ HOME: '/home/runner' })).toBe('/home/runner/.aws/config');
  });
});

describe('files on disk that are not what they seem', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credentials-file-test-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a symbolic link is written through and stays a link; the target is restored', async () => {
    const target = join(dir, 'real', 'credentials');
    await mkdir(join(dir, 'real'));
    const original = '[default]\naws_access_key_id = AKIAUSERKEY\n';
    await writeFile(target, original, { mode: 0o600 });
    const link = join(dir, 'credentials');
    await symlink(target, link);

    const written = await writeSections(link, [credentialsSection('ci', CREDENTIALS)], 0o600);
    expect(written.target).toBe(target);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
    expect(await readFile(target, 'utf8')).toContain('[ci]\n');

    expect(await unwriteSections(written)).toEqual(['ci']);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe(original);
  });

  test('a chain of links and a dangling link: the final target is created, then removed', async () => {
    const target = join(dir, 'elsewhere', 'credentials');
    await mkdir(join(dir, 'elsewhere'));
    await symlink(target, join(dir, 'hop'));
    await symlink(join(dir, 'hop'), join(dir, 'credentials'));
    const written = await writeSections(join(dir, 'credentials'), [
      credentialsSection('ci', CREDENTIALS),
    ]);
    expect(written.target).toBe(target);
    expect(written.createdFile).toBe(true);
    expect((await lstat(join(dir, 'credentials'))).isSymbolicLink()).toBe(true);
    await unwriteSections(written);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await lstat(join(dir, 'hop'))).isSymbolicLink()).toBe(true);
  });

  test('a link loop is an error, and nothing is written', async () => {
    await symlink(join(dir, 'b'), join(dir, 'a'));
    await symlink(join(dir, 'a'), join(dir, 'b'));
    await expect(
      writeSections(join(dir, 'a'), [credentialsSection('ci', CREDENTIALS)]),
    ).rejects.toMatchObject({ code: 'ELOOP' });
  });

  test('a directory or a FIFO in its place is refused, not read', async () => {
    await mkdir(join(dir, 'credentials'));
    await expect(
      writeSections(join(dir, 'credentials'), [credentialsSection('ci', CREDENTIALS)]),
    ).rejects.toThrow(/is not a regular file/);
  });

  test('an existing credentials file is 0600 while it holds credentials, and gets its mode back', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, '[other]\nk = v\n');
    await chmod(file, 0o644);
    const written = await writeSections(file, [credentialsSection('ci', CREDENTIALS)], 0o600);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(written.originalMode).toBe(0o644);
    await unwriteSections(written);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readFile(file, 'utf8')).toBe('[other]\nk = v\n');
  });

  // Windows: chmod only toggles the read-only attribute and stat reports 0666, so "0600 until the
  // post step" would be untrue there; the file keeps its mode and nothing claims otherwise.
  test('on Windows the mode is not changed, and no mode is kept for the post step', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, '[other]\r\nk = v\r\n');
    await chmod(file, 0o666);
    const written = await whilePlatformIs('win32', () =>
      writeSections(file, [credentialsSection('ci', CREDENTIALS)], 0o600),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o666);
    expect(written.originalMode).toBeUndefined();
    await whilePlatformIs('win32', () => unwriteSections(written));
    expect(await readFile(file, 'latin1')).toBe('[other]\r\nk = v\r\n');
  });

  test('the mode is left alone when someone changed it since', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, '[other]\nk = v\n', { mode: 0o640 });
    await chmod(file, 0o640);
    const written = await writeSections(file, [credentialsSection('ci', CREDENTIALS)], 0o600);
    await chmod(file, 0o400);
    await unwriteSections(written);
    expect((await stat(file)).mode & 0o777).toBe(0o400);
  });

  test("a user's own [default] is replaced, kept, and put back byte for byte", async () => {
    const file = join(dir, 'credentials');
    const original =
      '# mine\n[default] ; long-lived\r\naws_access_key_id = AKIAUSERKEY\naws_secret_access_key = usersecret\n\n[other]\nk = v';
    await writeFile(file, original);
    const written = await writeSections(file, [credentialsSection('default', CREDENTIALS)], 0o600);
    const during = await readFile(file, 'utf8');
    expect(during).not.toContain('AKIAUSERKEY');
    expect(written.sections[0]?.replaced).toEqual([
      '[default] ; long-lived\r\naws_access_key_id = AKIAUSERKEY\naws_secret_access_key = usersecret\n',
    ]);
    await unwriteSections(written);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  test('when the file changed since, the replaced section still goes back where ours was', async () => {
    const file = join(dir, 'credentials');
    const original = '[default]\naws_access_key_id = AKIAUSERKEY\n[other]\nk = v\n';
    await writeFile(file, original);
    const written = await writeSections(file, [credentialsSection('default', CREDENTIALS)], 0o600);
    await writeFile(file, `${await readFile(file, 'utf8')}[later]\nx = 1\n`);
    expect(await unwriteSections(written)).toEqual(['default']);
    expect(await readFile(file, 'utf8')).toBe(`${original}[later]\nx = 1\n`);
  });

  test('duplicate sections of one name become one, and all come back', async () => {
    const file = join(dir, 'credentials');
    const original =
      '[ci]\naws_access_key_id = AKIAFIRST\n[x]\nk = v\n[ci]\naws_access_key_id = AKIASECOND\n';
    await writeFile(file, original);
    const written = await writeSections(file, [credentialsSection('ci', CREDENTIALS)], 0o600);
    const during = await readFile(file, 'utf8');
    expect(during.match(/^\[ci\]$/gm)).toHaveLength(1);
    expect(during).not.toMatch(/AKIAFIRST|AKIASECOND/);
    expect(during.indexOf('[ci]')).toBeLessThan(during.indexOf('[x]'));
    await unwriteSections(written);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  test('bytes that are not UTF-8 survive the round trip', async () => {
    const file = join(dir, 'credentials');
    const original = Buffer.from([0x5b, 0x78, 0x5d, 0x0a, 0x6b, 0x3d, 0xff, 0xfe, 0xc3, 0x0a]);
    await writeFile(file, original);
    const written = await writeSections(file, [credentialsSection('ci', CREDENTIALS)], 0o600);
    expect((await readFile(file)).subarray(0, original.length)).toEqual(original);
    await unwriteSections(written);
    expect(await readFile(file)).toEqual(original);
  });
});

describe('config sections keep the user settings', () => {
  test('the region goes into an existing [default], which keeps its other keys', () => {
    const before =
      '[default]\noutput = json\nregion = us-east-1\ncli_pager =\n[profile x]\nregion = y\n';
    const { text, sections } = upsertSections(
      before,
      configSections('default', 'eu-west-1', STEP_ID),
    );
    expect(text).toBe(
      `[default]\noutput = json\ncli_pager =\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\nregion = eu-west-1\n[profile x]\nregion = y\n`,
    );
    expect(sections.map(({ name }) => name)).toEqual(['default']);
    const restored = removeSections(text, {
      file: '/unused',
      sections,
      createdFile: false,
      addedNewline: false,
    });
    expect(restored?.text).toBe(before);
  });

  test('a file with only [profile default] gets its region there, and no second [default]', () => {
    const before = '[profile default]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = 2\n';
    const { text, sections } = upsertSections(
      before,
      configSections('default', 'eu-west-1', STEP_ID),
    );
    expect(sections.map(({ name }) => name)).toEqual(['profile default']);
    expect(text).toBe(
      `[profile default]\ns3 =\n  max_concurrent_requests = 2\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\nregion = eu-west-1\n`,
    );
    expect(
      removeSections(text, { file: '/u', sections, createdFile: false, addedNewline: false })?.text,
    ).toBe(before);
  });

  test('both names are edited where both exist; [default] alone when neither does', () => {
    const both = '[default]\noutput = json\n[profile default]\nregion = us-east-1\n';
    const { sections } = upsertSections(both, configSections('default', 'eu-west-1', STEP_ID));
    expect(sections.map(({ name }) => name)).toEqual(['default', 'profile default']);
    expect(upsertSections('', configSections('default', 'eu-west-1', STEP_ID)).text).toBe(
      `[default]\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\nregion = eu-west-1\n`,
    );
  });
});

describe('the keys that would send a profile elsewhere are set aside', () => {
  const sso =
    '[profile prod]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n';

  test('with a region: the sso_* keys go, the other settings stay, and all comes back', () => {
    const { text, sections } = upsertSections(sso, configSections('prod', 'eu-west-1', STEP_ID));
    expect(text).toBe(
      `[profile prod]\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    const file = { file: '/u', sections, createdFile: false, addedNewline: false };
    expect(removeSections(text, file)?.text).toBe(sso);
  });

  test('without a region: only a section that has such a key is touched', () => {
    const role =
      '[profile prod]\r\nrole_arn = arn:aws:iam::111111111111:role/R\r\nSource_Profile = base\r\noutput = json\r\n';
    const { text, sections } = upsertSections(role, configSections('prod', undefined, STEP_ID));
    expect(text).toBe(
      `[profile prod]\r\noutput = json\r\n# written by aws-sso-credentials (${STEP_ID}); its post step removes it\r\n`,
    );
    expect(
      removeSections(text, { file: '/u', sections, createdFile: false, addedNewline: false })?.text,
    ).toBe(role);
    const plain = '[profile prod]\nregion = us-east-1\noutput = json\n';
    expect(upsertSections(plain, configSections('prod', undefined, STEP_ID))).toEqual({
      text: plain,
      addedNewline: false,
      sections: [],
    });
    expect(upsertSections('', configSections('prod', undefined, STEP_ID)).text).toBe('');
  });

  test.each([
    'credential_process = /opt/bin/creds',
    'web_identity_token_file = /var/run/token',
    'credential_source = Ec2InstanceMetadata',
    'sso_start_url = https://x.awsapps.com/start',
  ])('%s is set aside in [default] and [profile default] alike', (line) => {
    const before = `[default]\n${line}\noutput = text\n[profile default]\n${line}\n`;
    const { text } = upsertSections(before, configSections('default', undefined, STEP_ID));
    expect(text).not.toContain(line);
    expect(text).toContain('output = text');
  });
});

/** A config file as Windows editors save it: CRLF throughout, a nested setting, no final newline. */
const WINDOWS_CONFIG = [
  '; team settings',
  '[default]',
  'output = json',
  'region = us-east-1',
  'cli_pager =',
  '',
  '[profile dev]',
  'region = us-west-2',
  's3 =',
  '  max_concurrent_requests = 2',
].join('\r\n');

describe('a CRLF config file (Windows) is edited in CRLF and restored byte for byte', () => {
  const sections = () => [
    ...configSections('default', 'eu-west-1', STEP_ID),
    ...configSections('dev', 'eu-west-1', STEP_ID),
    ...configSections('new', 'eu-west-1', STEP_ID),
  ];

  test.each([
    ['with no final newline', WINDOWS_CONFIG],
    ['with a final CRLF', `${WINDOWS_CONFIG}\r\n`],
    ['with a blank line at the end', `${WINDOWS_CONFIG}\r\n\r\n`],
  ])('%s', (_label, before) => {
    const upserted = upsertSections(before, sections());
    expect(upserted.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(upserted.text).toContain('[default]\r\noutput = json\r\ncli_pager =\r\n# written');
    expect(upserted.text).toContain('  max_concurrent_requests = 2\r\n# written');
    expect(upserted.text).toMatch(/\[profile new\]\r\n# written .*\r\nregion = eu-west-1\r\n$/);
    const written = { file: '/unused', createdFile: false, ...upserted };
    expect(removeSections(upserted.text, written)?.text).toBe(before);
  });

  test('on disk, also when the user added a CRLF section after the main step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crlf-config-test-'));
    try {
      const file = join(dir, 'config');
      await writeFile(file, WINDOWS_CONFIG, 'latin1');
      const written = await writeSections(file, sections());
      expect(await unwriteSections(written)).toEqual(['default', 'profile dev', 'profile new']);
      expect(await readFile(file, 'latin1')).toBe(WINDOWS_CONFIG);
      const again = await writeSections(file, sections());
      const later = `${await readFile(file, 'latin1')}[profile later]\r\nregion = ap-south-1\r\n`;
      await writeFile(file, later, 'latin1');
      await unwriteSections(again);
      expect(await readFile(file, 'latin1')).toBe(
        `${WINDOWS_CONFIG}\r\n[profile later]\r\nregion = ap-south-1\r\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
