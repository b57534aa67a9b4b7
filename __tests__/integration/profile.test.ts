import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { refreshInputs, runAgainst } from '../support/action.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { useTempDirs } from '../support/temp-dirs.js';

const emulator = useEmulator();
const freshHome = useTempDirs('home');

const EXISTING = [
  '# kept by the runner between jobs',
  '[default]',
  'aws_access_key_id = AKIADEFAULTEXAMPLE',
  'aws_secret_access_key = default-secret',
  '',
  '; another comment',
  '[other]',
  'aws_access_key_id = AKIAOTHEREXAMPLE',
  'aws_secret_access_key = other-secret', // no final newline on purpose
].join('\n');

describe('profile input and the post step', () => {
  test('creates ~/.aws/credentials (0600), and the post step removes it and ~/.aws again', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      profile: 'ci',
    });
    const home = result.home;
    expect(result.exitCode).toBe(0);

    const file = join(home, '.aws', 'credentials');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('[ci]\n');
    expect(text).toContain(`aws_access_key_id = ${result.env.AWS_ACCESS_KEY_ID}\n`);
    expect(text).toContain(`aws_secret_access_key = ${result.env.AWS_SECRET_ACCESS_KEY}\n`);
    expect(text).toContain(`aws_session_token = ${result.env.AWS_SESSION_TOKEN}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, '.aws'))).mode & 0o777).toBe(0o700);

    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    // The directory the main step created goes too, as it is empty again.
    await expect(stat(join(home, '.aws'))).rejects.toThrow(/ENOENT/);
  });

  test('a ~/.aws that holds anything else afterwards stays', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      profile: 'ci',
    });
    await writeFile(join(result.home, '.aws', 'config'), '[default]\nregion = eu-west-1\n');
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(await readFile(join(result.home, '.aws', 'config'), 'utf8')).toContain('eu-west-1');
    await expect(stat(join(result.home, '.aws', 'credentials'))).rejects.toThrow(/ENOENT/);
  });

  test('leaves every other profile and comment byte for byte', async () => {
    const home = await freshHome();
    const file = join(home, 'creds');
    await writeFile(file, EXISTING, { mode: 0o640 });
    const env = { AWS_SHARED_CREDENTIALS_FILE: file };
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), profile: 'deploy' },
      { home, env },
    );
    expect(result.exitCode).toBe(0);

    const during = await readFile(file, 'utf8');
    expect(during.startsWith(`${EXISTING}\n[deploy]\n`)).toBe(true);
    // 0600 while it holds this step's credentials, its own mode again afterwards
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const post = await result.runPost({ env });
    expect(post.exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(EXISTING);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  test('replaces a section of the same name, and the post step puts it back as it was', async () => {
    const home = await freshHome();
    await mkdir(join(home, '.aws'));
    const file = join(home, '.aws', 'credentials');
    const stale = '[ci]\naws_access_key_id = ASIASTALE\n';
    await writeFile(file, `${stale}${EXISTING}\n`);
    const result = await runAgainst(
      emulator,
      { ...refreshInputs(emulator.seedSession()), profile: 'ci' },
      { home },
    );

    const during = await readFile(file, 'utf8');
    expect(during).not.toContain('ASIASTALE');
    expect(during.match(/\[ci\]/g)).toHaveLength(1);

    const post = await result.runPost();
    expect(await readFile(file, 'utf8')).toBe(`${stale}${EXISTING}\n`);
    expect(post.stdout).toContain(
      `Removed [ci] from ${file}, putting back the section it had replaced.`,
    );
  });

  test('the post step leaves a section that was rewritten after the main step', async () => {
    const result = await runAgainst(emulator, {
      ...refreshInputs(emulator.seedSession()),
      profile: 'ci',
    });
    const home = result.home;
    const file = join(home, '.aws', 'credentials');
    const rewritten = '[ci]\naws_access_key_id = ASIAREWRITTENBYALATERSTEP\n';
    await writeFile(file, rewritten);

    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(rewritten);
  });

  test('no profile: the post step does nothing', async () => {
    const result = await runAgainst(emulator, refreshInputs(emulator.seedSession()));
    const home = result.home;
    const post = await result.runPost();
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe('');
    await expect(stat(join(home, '.aws'))).rejects.toThrow(/ENOENT/);
  });
});
