import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { BUNDLE_LIMITS } from '../../bundle/limits.js';
import { bundleFiles, measuredBytes } from '../../bundle/sizes.js';
import { repoRoot } from '../support/node24.js';

/**
 * What the bundles in dist/ carry (run `npm run bundle` first; `npm test` does). Sizes are
 * deterministic, so they are asserted here; times are measured by `npm run bench` only.
 *
 * The stand-ins (bundle/stand-ins/) replace packages no code path runs; each throws a
 * LeftOutOfBundleError if called. This file proves they are what the bundles contain; the suites
 * that run the bundles as the runner and a terminal do (__tests__/integration, __tests__/cli,
 * __tests__/reliability/faults.test.ts and proxy.test.ts: every input combination, token source,
 * proxy, fault and retry path against the emulator) are the proof that nothing reaches them:
 * a stand-in that was called would fail the step they assert succeeds.
 */

const dist = join(repoRoot, 'dist');
const read = (path: string): string => readFileSync(join(dist, path), 'utf8');
const startUp = (name: string): string => read(join(name, 'index.js'));
const lazyChunks = (name: string): string =>
  bundleFiles(join(dist, name))
    .filter(({ file }) => file !== 'index.js')
    .map(({ file }) => read(join(name, file)))
    .join('\n');

/** Text only the real package contains, whatever the minifier does to the code around it. */
const LEFT_OUT = {
  'the default AWS credential chain': 'Could not load credentials from any providers',
  'the container credentials provider': 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'the web identity provider': 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'the SigV4 signer': 'AWS4-HMAC-SHA256',
  'the event stream codec': 'Int64 buffers must be exactly 8 bytes',
  'undici (via @actions/core)': 'undici',
  '@actions/http-client': 'actions/http-client',
} as const;

const STAND_IN = 'is left out of this build of aws-sso-credentials';

const SDK_BUNDLES = ['main', 'list-accounts', 'cli'] as const;

describe('sizes', () => {
  test.each(BUNDLE_LIMITS)('dist/$name ($measure) is at most $limitKb kB', (limit) => {
    const bytes = measuredBytes(dist, limit);
    expect(bytes).toBeGreaterThan(0);
    expect(Math.ceil(bytes / 1000)).toBeLessThanOrEqual(limit.limitKb);
  });
});

describe('what is left out', () => {
  test.each(SDK_BUNDLES)('dist/%s holds the stand-ins, not the packages they replace', (name) => {
    const all = startUp(name) + lazyChunks(name);
    expect(startUp(name)).toContain(STAND_IN);
    for (const [what, marker] of Object.entries(LEFT_OUT)) {
      expect({ what, found: all.includes(marker) }).toEqual({ what, found: false });
    }
  });

  test.each(SDK_BUNDLES)('dist/%s loads the proxy agent only when a proxy applies', (name) => {
    // agent-base and debug come with http-proxy-agent; they live in a lazy chunk.
    for (const marker of ['isSecureEndpoint', 'createDebug']) {
      expect(startUp(name)).not.toContain(marker);
      expect(lazyChunks(name)).toContain(marker);
    }
  });

  test.each(['main', 'list-accounts'])(
    'dist/%s loads the write-back (GitHub REST, libsodium) only with update-secret',
    (name) => {
      for (const marker of ['crypto_box_seal', 'libsodium']) {
        expect(startUp(name)).not.toContain(marker);
        expect(lazyChunks(name)).toContain(marker);
      }
    },
  );

  test('no device flow in the start-up file of either action', () => {
    for (const name of ['main', 'list-accounts']) {
      expect(startUp(name)).not.toContain('urn:ietf:params:oauth:grant-type:device_code');
      expect(lazyChunks(name)).not.toContain('urn:ietf:params:oauth:grant-type:device_code');
    }
  });

  test("the CLI loads login (device flow, gh) only for 'login'", () => {
    expect(startUp('cli')).not.toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect(lazyChunks('cli')).toContain('urn:ietf:params:oauth:grant-type:device_code');
  });

  test('the post step carries no AWS SDK, and starts without an HTTP client or a proxy agent', () => {
    const post = startUp('post');
    for (const marker of ['@aws-sdk', '@smithy', 'ProxyAgent', 'libsodium', STAND_IN]) {
      expect(post).not.toContain(marker);
    }
    for (const marker of ['@aws-sdk', '@smithy']) expect(lazyChunks('post')).not.toContain(marker);
    // renew-credentials' closing of the session (the cache read back, the write-back with its
    // HTTP client) is loaded only when the main step gave the job a session.
    expect(post).not.toContain('was deleted during the job');
    expect(lazyChunks('post')).toContain('was deleted during the job');
  });
});

describe('licences', () => {
  /** Package names in licenses.txt (each entry starts with the name, then its licence). */
  const listed = (name: string): string[] => {
    const file = join(dist, name, 'licenses.txt');
    if (!existsSync(file)) return [];
    return [
      ...readFileSync(file, 'utf8').matchAll(/^((?:@[\w.-]+\/)?[\w.-]+)\n[\w.() -]+\n/gm),
    ].map((match) => match[1] ?? '');
  };

  test.each(SDK_BUNDLES)('dist/%s lists the SDK and the proxy agents it ships', (name) => {
    const names = listed(name);
    for (const expected of [
      '@aws-sdk/client-sso',
      '@aws-sdk/client-sso-oidc',
      '@aws-sdk/core',
      '@smithy/core',
      '@smithy/node-http-handler',
      'http-proxy-agent',
      'agent-base',
    ]) {
      expect(names).toContain(expected);
    }
    for (const leftOut of ['@aws-sdk/credential-provider-node', '@smithy/signature-v4', 'undici']) {
      expect(names).not.toContain(leftOut);
    }
  });

  test("the post step ships no third-party code but the write-back's (libsodium, proxy agents)", () => {
    const writeBack = ['libsodium', 'libsodium-wrappers', 'http-proxy-agent', 'agent-base'];
    const ofTheAgents = ['debug', 'ms', 'has-flag', 'supports-color'];
    expect(listed('post').filter((name) => ![...writeBack, ...ofTheAgents].includes(name))).toEqual(
      [],
    );
  });
});

describe('sources', () => {
  /** Every .ts file under src/, relative to the repository. */
  const sources = (dir = join(repoRoot, 'src')): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );

  test('nothing imports @actions/core: src/github/actions-core.ts is the one implementation', () => {
    const offenders = sources()
      .filter((file) =>
        /from\s+['"]@actions\/(core|http-client)['"]/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(repoRoot, file));
    expect(offenders).toEqual([]);
  });
});
