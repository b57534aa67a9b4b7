import { describe, expect, test } from '@jest/globals';
import { LOGIN_HELP } from '../../src/cli/help.js';
import { loginSummary } from '../../src/cli/login-summary.js';
import { modeBitsProtect, privateFileWording } from '../../src/disk/platform.js';
import type { SsoSession } from '../../src/sso/session.js';

/** What the tool says about a private file where there are no modes (Windows), with the platform injected. */

const SESSION: SsoSession = {
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'us-east-1',
  accessToken: 'unused-access-token',
  expiresAt: new Date('2026-11-26T09:00:00.000Z'),
};
const NOW = new Date('2026-11-26T08:00:00.000Z');
const FILE = 'C:\\Users\\me\\session.json';

describe('a private file in words', () => {
  test('mode 0600 where modes protect a file; on Windows, the folder it is in', () => {
    expect(modeBitsProtect('win32')).toBe(false);
    for (const platform of ['linux', 'darwin', 'freebsd'] as const) {
      expect(privateFileWording(platform)).toBe('mode 0600');
    }
    expect(privateFileWording('win32')).not.toMatch(/0600|mode \d/);
    expect(privateFileWording('win32')).toContain('no file modes on Windows');
  });

  test("login's summary says mode 0600 on Linux and macOS, never on Windows", () => {
    const linux = loginSummary(SESSION, { file: '/home/me/session.json' }, NOW, 'linux');
    expect(linux).toContain('Wrote the session document to /home/me/session.json (mode 0600).');
    const windows = loginSummary(SESSION, { file: FILE }, NOW, 'win32');
    expect(windows).not.toMatch(/0600/);
    expect(windows).toContain(
      `Wrote the session document to ${FILE} (no file modes on Windows: as private as the folder it is in).`,
    );
  });

  test('the help names the mode only with what it becomes on Windows', () => {
    expect(LOGIN_HELP).toMatch(
      /mode 0600 \(Windows\s+has no file modes: keep it in your profile folder\)/,
    );
  });
});
