import { cp, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { CLI, expectOneSentence, runCli } from '../support/cli.js';
import { calls } from '../support/emulator.js';
import { useEmulator } from '../support/emulator-fixtures.js';
import { repoRoot } from '../support/node24.js';
import { useTempDir } from '../support/temp-dirs.js';

/** --help, usage errors (exit 2) and early failures (exit 1): one sentence, no request made. */

const emulator = useEmulator();
const home = useTempDir('usage', 'block');

const run = (args: string[]) => runCli(args, { emulator, home: home.path });

describe('--help', () => {
  test.each([
    [['--help'], /^Usage: aws-sso-credentials <command> \[options\]\n/],
    [['-h'], /Commands:\n {2}login .*\n {2}credentials .*\n {2}accounts /],
    [['login', '--help'], /^Usage: aws-sso-credentials login --start-url URL --sso-region REGION/],
    [
      ['credentials', '-h'],
      /credential_process = aws-sso-credentials credentials --format credential-process/,
    ],
    [['accounts', '--help'], /^Usage: aws-sso-credentials accounts --session FILE \[--json\]/],
  ])('%j prints on stdout and exits 0', async (args, pattern) => {
    const result = await run(args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(pattern);
  });

  test('--help wins over missing options', async () => {
    const result = await run(['credentials', '--help', '--format', 'yaml']);
    expect(result.code).toBe(0);
  });
});

describe('--version', () => {
  const packageVersion = async (): Promise<string> =>
    (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
      .version;

  test.each([['--version'], ['-V']])(
    '%s prints the package.json version and exits 0',
    async (flag) => {
      const result = await run([flag]);
      expect(result).toEqual(
        expect.objectContaining({
          code: 0,
          stderr: '',
          stdout: `aws-sso-credentials ${await packageVersion()}\n`,
        }),
      );
      expect(calls(emulator)).toEqual([]);
    },
  );

  test('the version is built into the bundle: a copy of dist/cli alone still knows it', async () => {
    const copy = join(home.path, 'cli-copy');
    await cp(dirname(CLI), copy, { recursive: true });
    const result = await runCli(['--version'], { home: home.path, cli: join(copy, 'index.js') });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`aws-sso-credentials ${await packageVersion()}\n`);
  });

  test('the top-level help lists it', async () => {
    const result = await run(['--help']);
    expect(result.stdout).toMatch(/^ {2}-V, --version {2}print the version$/m);
  });
});

describe('usage errors exit 2 with one sentence', () => {
  test.each([
    [[], /^Give a command: login, credentials or accounts\./],
    [['logout'], /^Unknown command 'logout'; use login, credentials or accounts\./],
    [['login'], /^`login` needs --start-url\. See `aws-sso-credentials login --help`\.$/],
    [
      ['login', '--start-url', 'http://x.example/start', '--sso-region', 'us-east-1'],
      /^--start-url must be your access portal URL/,
    ],
    [
      ['login', '--start-url', 'https://d-1.awsapps.com/start', '--sso-region', 'useast1'],
      /^--sso-region must be an AWS region name/,
    ],
    ...['10x', '0', '25h', '-5', ''].map((timeout): [string[], RegExp] => [
      [
        'login',
        '--start-url',
        'https://d-1.awsapps.com/start',
        '--sso-region',
        'us-east-1',
        `--timeout=${timeout}`,
      ],
      timeout === ''
        ? /^Option --timeout needs a value\.$/
        : /^--timeout must be a duration from 1s to 24h, e\.g\. 90s, 10m or 600 \(seconds\)\.$/,
    ]),
    [
      [
        'login',
        '--start-url',
        'https://d-1.awsapps.com/start',
        '--sso-region',
        'us-east-1',
        '--no-browser=yes',
      ],
      /^Option --no-browser takes no value\./,
    ],
    [
      [
        'login',
        '--start-url',
        'https://d-1.awsapps.com/start',
        '--sso-region',
        'us-east-1',
        '--gh-secret',
        'GITHUB_X',
      ],
      /^--gh-secret must be a GitHub secret name/,
    ],
    [
      ['credentials', '--session', 'f', '--account-id', '12345', '--role-name', 'R'],
      /^--account-id must be a 12-digit AWS account id\.$/,
    ],
    [
      ['credentials', '--session', 'f', '--account-id', '111111111111', '--role-name', 'a b'],
      /^--role-name must be a permission set name/,
    ],
    [
      [
        'credentials',
        '--session',
        'f',
        '--account-id',
        '111111111111',
        '--role-name',
        'R',
        '--format',
        'yaml',
      ],
      /^--format must be env, json or credential-process\.$/,
    ],
    [
      ['credentials', '--account-id', '111111111111', '--role-name', 'R'],
      /^`credentials` needs --session\./,
    ],
    [['accounts', '--session'], /^Option --session needs a value\./],
    [['accounts', '--session', 'f', '--json=yes'], /^Option --json takes no value\./],
    [['accounts', '--bogus=aor-secret-value'], /^`accounts` has no option --bogus\./],
    [['credentials', 'aor-secret-value'], /^`credentials` takes no positional arguments/],
  ])('%j', async (args, pattern) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const message = expectOneSentence(result);
    expect(message).toMatch(pattern);
    // A value typed in the wrong place is never echoed: it may be a secret.
    expect(result.stderr).not.toContain('aor-secret-value');
    expect(calls(emulator)).toEqual([]);
  });
});

describe('failures before any request exit 1', () => {
  test('a missing session file', async () => {
    const file = join(home.path, 'nope.json');
    const result = await run(['accounts', '--session', file]);
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toBe(
      `Cannot read the session file ${file}: it does not exist. Create it with \`aws-sso-credentials login --output ${file}\`.`,
    );
  });

  test('a session file that is not JSON is not quoted back', async () => {
    const file = join(home.path, 'broken.json');
    await writeFile(file, '{"refreshToken":"aor-secret-value"', { mode: 0o600 });
    const result = await run(['accounts', '--session', file]);
    expect(result.code).toBe(1);
    expect(expectOneSentence(result)).toBe(
      `The session file ${file} is not valid JSON (expected the AWS CLI SSO token cache document).`,
    );
    expect(result.stderr).not.toContain('aor-secret-value');
    expect(calls(emulator)).toEqual([]);
  });
});
