import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import { runCli, START_URL } from '../support/cli.js';
import { awsCli, missingClient, testWith } from '../support/real-clients.js';
import { authorizeUrlIn, completeAuthorization } from '../support/sign-in-pages.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';
import { startTlsInterceptor, type TlsInterceptor } from '../support/tls-interceptor.js';

/**
 * The session document `login` writes, by either flow, is read unchanged by the AWS CLI v2 as
 * its SSO token cache (~/.aws/sso/cache/<sha1 of the sso-session name>.json): copied there byte
 * for byte, `aws configure export-credentials` for an sso-session profile gets credentials from
 * it. Debian's CLI v2 (2.9.19) cannot be pointed at another endpoint, so it reaches the emulator
 * through its own HTTPS_PROXY and AWS_CA_BUNDLE settings and a loopback TLS interceptor.
 * With a token that is close to expiry the CLI refreshes it first, which uses the document's
 * refreshToken, clientId, clientSecret and registrationExpiresAt as well.
 */

const HOSTS = ['portal.sso.us-east-1.amazonaws.com', 'oidc.us-east-1.amazonaws.com'];
const SESSION_NAME = 'ci';
const cliTest = testWith(['AWS CLI v2']);

const CONFIG = `[profile p]
sso_session = ${SESSION_NAME}
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = us-east-1

[sso-session ${SESSION_NAME}]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`;

interface Exported {
  readonly code: number;
  readonly stderr: string;
  readonly credentials?: { AccessKeyId: string; SessionToken: string; Expiration: string };
  /** The cache file after the CLI ran. */
  readonly cacheAfter: string;
}

/** Puts the document where the AWS CLI looks for the session's token and asks it for credentials. */
async function exportWithAwsCli(
  interceptor: TlsInterceptor,
  home: string,
  document: string,
): Promise<Exported> {
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  await mkdir(cacheDir, { recursive: true });
  const cacheFile = join(cacheDir, `${createHash('sha1').update(SESSION_NAME).digest('hex')}.json`);
  await writeFile(cacheFile, document, { mode: 0o600 });
  await writeFile(join(home, '.aws', 'config'), CONFIG);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    HTTPS_PROXY: interceptor.url,
    AWS_CA_BUNDLE: interceptor.caFile,
    AWS_PAGER: '',
  };
  const args = ['configure', 'export-credentials', '--profile', 'p', '--format', 'process'];
  const { code, stdout, stderr } = await new Promise<{
    code: number;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    execFile(awsCli(), args, { env, timeout: 60_000 }, (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout: out, stderr: err }),
    ),
  );
  const cacheAfter = await readFile(cacheFile, 'utf8');
  return { code, stderr, cacheAfter, ...(code === 0 ? { credentials: JSON.parse(stdout) } : {}) };
}

/** `login` by the given flow, the person played over HTTP; the document as written to --output. */
async function mintDocument(
  emulator: IdentityCenterEmulator,
  home: string,
  flow: 'pkce' | 'device',
): Promise<string> {
  const file = join(home, `session-${flow}.json`);
  const args = ['login', '--start-url', START_URL, '--sso-region', 'us-east-1'];
  let started = false;
  emulator.autoApproveDevices(flow === 'device' ? 0 : Number.POSITIVE_INFINITY);
  const result = await runCli(
    [
      ...args,
      '--no-browser',
      '--output',
      file,
      ...(flow === 'device' ? ['--use-device-code'] : []),
    ],
    {
      emulator,
      home,
      onStderr: (stderr) => {
        const url = authorizeUrlIn(stderr);
        if (started || !url) return;
        started = true;
        void completeAuthorization(url);
      },
    },
  );
  emulator.autoApproveDevices(Number.POSITIVE_INFINITY);
  if (result.code !== 0) throw new Error(`login failed:\n${result.stderr}`);
  return readFile(file, 'utf8');
}

describe.each([
  ['a fresh access token, used as it is', 3600, false],
  ['a token close to expiry, refreshed first', 600, true],
])('the AWS CLI v2 reads the session document: %s', (_label, accessTokenTtlSeconds, refreshes) => {
  let emulator: IdentityCenterEmulator;
  let interceptor: TlsInterceptor;
  let home: string;

  beforeAll(async () => {
    emulator = await IdentityCenterEmulator.start({ accessTokenTtlSeconds });
    home = await tempHome('aws-cli-cache');
    if (!missingClient('AWS CLI v2')) {
      interceptor = await startTlsInterceptor(emulator.url, HOSTS);
    }
  });

  afterAll(async () => {
    await interceptor?.close();
    await emulator.stop();
    await removeDir(home);
  });

  cliTest.each(['pkce', 'device'] as const)(
    'written by the %s flow',
    async (flow) => {
      const document = await mintDocument(emulator, home, flow);
      const minted = JSON.parse(document);
      emulator.clearRequests();
      const exported = await exportWithAwsCli(interceptor, join(home, flow), document);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(emulator.issuedSecrets()).toContain(exported.credentials?.AccessKeyId);
      expect(emulator.issuedSecrets()).toContain(exported.credentials?.SessionToken);

      const calls = emulator.requests.map((r) => `${r.method} ${r.path}`);
      const bearer = emulator.requests.find((r) => r.path === '/federation/credentials')?.headers[
        'x-amz-sso_bearer_token'
      ];
      if (refreshes) {
        expect(calls).toEqual(['POST /token', 'GET /federation/credentials']);
        expect(emulator.requests[0]?.body).toEqual({
          grantType: 'refresh_token',
          clientId: minted.clientId,
          clientSecret: minted.clientSecret,
          refreshToken: minted.refreshToken,
        });
        expect(bearer).not.toBe(minted.accessToken);
        expect(JSON.parse(exported.cacheAfter).refreshToken).toBe(emulator.lastRefreshToken);
      } else {
        expect(calls).toEqual(['GET /federation/credentials']);
        expect(bearer).toBe(minted.accessToken);
        expect(exported.cacheAfter).toBe(document);
      }
      expect(
        interceptor.connects.every((authority) => HOSTS.includes(authority.split(':')[0] ?? '')),
      ).toBe(true);
    },
    120_000,
  );
});
