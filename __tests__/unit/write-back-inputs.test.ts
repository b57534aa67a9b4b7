import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { writeSecret } from '../../src/github-api/secret-writer.js';
import { getWriteBack } from '../../src/github-api/write-back-inputs.js';
import type { TokenSource } from '../../src/sso/token-source.js';

/**
 * update-secret-environment becomes one segment of the REST path
 * (/repos/OWNER/REPO/environments/NAME/secrets/...). A name GitHub would not accept fails the
 * step before any request; `.` and `..` above all, which URL encoding leaves as they are and a
 * URL resolves as path steps (`..` would write the repository's secret instead).
 */

const SOURCE: TokenSource = {
  kind: 'refresh-token',
  refreshToken: 'aor-refresh',
  clientId: 'cid',
  clientSecret: 'cs',
};
const ENV = { GITHUB_API_URL: 'https://api.github.com', GITHUB_REPOSITORY: 'octo/repo' };

function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
}

function clearInputs(): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
}

beforeEach(() => {
  clearInputs();
  setInputs({ 'update-secret': 'SSO_REFRESH_TOKEN', 'github-token': 'ghp_writer' });
});
afterEach(clearInputs);

describe('update-secret-environment', () => {
  test.each([
    ['.', '.'],
    ['..', '..'],
    ['a control character', 'prod\u0007'],
    ['an invisible character', 'prod\u200b'],
    ['more than 255 characters', 'e'.repeat(256)],
  ])('refuses %s, naming the input, before any request', (_label, name) => {
    setInputs({ 'update-secret-environment': name });
    expect(() => getWriteBack(SOURCE, ENV)).toThrow(
      /^Input 'update-secret-environment' must be an environment name as GitHub accepts it: at most 255 characters, no control or invisible characters, and not '\.' or '\.\.'$/,
    );
  });

  test.each([
    'production',
    'Prod East',
    'prod/east',
    '...',
    '.hidden',
    'staging-1.0',
    'e'.repeat(255),
  ])('takes %j', (name) => {
    setInputs({ 'update-secret-environment': name });
    expect(getWriteBack(SOURCE, ENV)?.environment).toBe(name);
  });
});

describe('the REST path of the write-back', () => {
  test('each name is one encoded segment: an environment with a slash stays inside /environments', async () => {
    const paths: string[] = [];
    const server = createServer((request, response) => {
      paths.push(`${request.method} ${request.url}`);
      request.resume();
      if (request.method === 'GET') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ key_id: 'k1', key: Buffer.alloc(32, 7).toString('base64') }));
      } else {
        response.writeHead(201).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      setInputs({ 'update-secret-environment': 'prod/east ..' });
      const settings = getWriteBack(SOURCE, {
        GITHUB_API_URL: `http://127.0.0.1:${port}/api/v3`,
        GITHUB_REPOSITORY: 'octo/repo',
      });
      if (!settings) throw new Error('no write-back settings');
      expect(await writeSecret(settings, 'rotated-token')).toBe('created');
      expect(paths).toEqual([
        'GET /api/v3/repos/octo/repo/environments/prod%2Feast%20../secrets/public-key',
        'PUT /api/v3/repos/octo/repo/environments/prod%2Feast%20../secrets/SSO_REFRESH_TOKEN',
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
