import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  browserCommands,
  canOpenBrowser,
  openBrowser,
  platformCommands,
  splitCommand,
  withUrl,
} from '../../src/cli/browser.js';

/** Choosing and starting the browser command: BROWSER as Python's webbrowser reads it, then the platform's opener. */

const URL_WITH_QUERY = 'http://127.0.0.1:9000/authorize?a=1&b=two%20words;c=$(id)';

describe('which command', () => {
  test('BROWSER entries split like shell words, %s replaced, else the URL appended', () => {
    expect(splitCommand(`"/opt/My Browser/run" --new-tab 'a b'`)).toEqual([
      '/opt/My Browser/run',
      '--new-tab',
      'a b',
    ]);
    expect(withUrl(['firefox', '--new-tab'], 'U')).toEqual(['firefox', '--new-tab', 'U']);
    expect(withUrl(['w3m', '%s', '--url=%s'], 'U')).toEqual(['w3m', 'U', '--url=U']);
    expect(withUrl([], 'U')).toBeUndefined();
  });

  test("BROWSER's entries come first, in order, then the platform opener", () => {
    const env = { BROWSER: 'first --x:second %s', DISPLAY: ':0' };
    expect(browserCommands('U', env, 'linux')).toEqual([
      ['first', '--x', 'U'],
      ['second', 'U'],
      ['xdg-open', 'U'],
    ]);
  });

  test('platform openers; none on a Linux without a display (no text browser takes the terminal)', () => {
    expect(platformCommands('darwin', {})).toEqual([['open']]);
    expect(platformCommands('win32', {})).toEqual([['rundll32', 'url.dll,FileProtocolHandler']]);
    expect(platformCommands('linux', {})).toEqual([]);
    expect(platformCommands('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual([['xdg-open']]);
    expect(platformCommands('linux', { WSL_DISTRO_NAME: 'Debian' })).toEqual([
      ['xdg-open'],
      ['wslview'],
    ]);
    expect(browserCommands('U', { BROWSER: 'a;b' }, 'win32').slice(0, 2)).toEqual([
      ['a', 'U'],
      ['b', 'U'],
    ]);
  });
});

describe('whether a browser can be opened at all', () => {
  const SSH = { SSH_CONNECTION: '203.0.113.7 50022 10.0.0.5 22' };

  test('over SSH without a display there is no opener, on any platform (it would open elsewhere)', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(platformCommands(platform, SSH)).toEqual([]);
      expect(canOpenBrowser(SSH, platform)).toBe(false);
    }
    expect(platformCommands('linux', { SSH_TTY: '/dev/pts/0', WSL_DISTRO_NAME: 'Debian' })).toEqual(
      [],
    );
    expect(canOpenBrowser({ SSH_CLIENT: '203.0.113.7 50022 22' }, 'darwin')).toBe(false);
  });

  test('forwarded X over SSH is a display; BROWSER always is a way', () => {
    expect(platformCommands('linux', { ...SSH, DISPLAY: 'localhost:10.0' })).toEqual([
      ['xdg-open'],
    ]);
    expect(canOpenBrowser({ ...SSH, BROWSER: 'lynx' }, 'linux')).toBe(true);
    expect(canOpenBrowser({}, 'linux')).toBe(false);
    expect(canOpenBrowser({}, 'darwin')).toBe(true);
    expect(canOpenBrowser({}, 'win32')).toBe(true);
  });
});

describe('starting it', () => {
  let dir: string;
  let recorder: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'browser-test-'));
    recorder = join(dir, 'record.sh');
    // Writes its arguments one per line: proof of what reached the browser, unexpanded.
    await writeFile(recorder, '#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\n');
    await chmod(recorder, 0o755);
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  test('the URL reaches the command as one argument, through no shell', async () => {
    const record = join(dir, 'args.txt');
    const result = await openBrowser(
      URL_WITH_QUERY,
      { BROWSER: recorder, RECORD: record },
      'linux',
    );
    expect(result).toEqual({ opened: true });
    expect(await readFile(record, 'utf8')).toBe(`${URL_WITH_QUERY}\n`);
  });

  test('a command that is missing or fails is skipped for the next one', async () => {
    const record = join(dir, 'fallback.txt');
    const env = { BROWSER: `/nonexistent/browser:/bin/false:${recorder}`, RECORD: record };
    expect(await openBrowser('U', env, 'linux')).toEqual({ opened: true });
    expect(await readFile(record, 'utf8')).toBe('U\n');
  });

  test('when nothing can be opened, the reasons say why', async () => {
    const env = { BROWSER: '/nonexistent/browser:/bin/false' };
    expect(await openBrowser('U', env, 'linux')).toEqual({
      opened: false,
      reason: '/nonexistent/browser: not found; /bin/false: exit status 1',
    });
    expect(await openBrowser('U', {}, 'linux')).toEqual({
      opened: false,
      reason: 'no display, and BROWSER is not set',
    });
  });

  test('a browser that stays open counts as opened once the grace period passes', async () => {
    const marker = join(dir, 'still-running');
    const script = join(dir, 'slow.sh');
    const release = join(dir, 'release');
    // The "browser" stays open until the test releases it, so however slow the machine,
    // openBrowser can only have returned by not waiting for it (no elapsed-time race).
    await writeFile(
      script,
      `#!/bin/sh\nwhile [ ! -e "${release}" ]; do [ -d "${dir}" ] || exit 0; sleep 0.05; done\ntouch "${marker}"\n`,
    );
    await chmod(script, 0o755);
    expect(await openBrowser('U', { BROWSER: script }, 'linux', 300)).toEqual({ opened: true });
    await expect(readFile(marker)).rejects.toThrow();
    await writeFile(release, '');
  });
});
