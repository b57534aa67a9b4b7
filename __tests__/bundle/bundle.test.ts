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
 * that run the bundles as the runner and a terminal do (__tests__/integration: both actions and
 * the post step; __tests__/cli; __tests__/reliability/faults.test.ts, bad-inputs.test.ts and
 * proxy.test.ts: every input combination, token source, proxy, fault and retry path against the
 * emulator) are the proof that nothing reaches them: a stand-in that was called would fail the
 * step they assert succeeds.
 */

const dist = join(repoRoot, 'dist');
const read = (path: string): string => readFileSync(join(dist, path), 'utf8');
const startUp = (name: string): string => read(join(name, 'index.js'));
const lazyChunks = (name: string): string =>
  bundleFiles(join(dist, name))
    .filter(({ file }) => file !== 'index.js')
    .map(({ file }) => read(join(name, file)))
    .join('\n');
const everything = (name: string): string => startUp(name) + lazyChunks(name);

/** Text only the real package contains, whatever the minifier does to the code around it. */
const LEFT_OUT_OF_THE_SDK = {
  'the default AWS credential chain': 'Could not load credentials from any providers',
  // (_RELATIVE_URI: the action itself names _FULL_URI, which renew-credentials: endpoint exports.)
  'the container credentials provider': 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'the web identity provider': 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'the SigV4 signer': 'AWS4-HMAC-SHA256',
  'the event stream codec': 'Int64 buffers must be exactly 8 bytes',
} as const;

/** What @actions/core imports for getIDToken and platform.getDetails, which no action calls. */
const LEFT_OUT_OF_ACTIONS_CORE = {
  '@actions/http-client': 'Client has already been disposed.',
  'undici (via @actions/http-client)': 'UND_ERR',
  'tunnel (via @actions/http-client)': 'httpsOverHttp',
  '@actions/exec': 'windowsVerbatimArguments',
  '@actions/io (via @actions/exec)': 'Unable to locate executable file',
} as const;

/** @actions/core itself: the heredoc delimiter of its file commands (GITHUB_ENV, GITHUB_OUTPUT...). */
const ACTIONS_CORE = 'ghadelimiter_';

const STAND_IN = 'is left out of this build of aws-sso-credentials';

const SDK_BUNDLES = ['main', 'list-accounts', 'cli'] as const;
/** The bundles the runner starts: both actions and the post step speak through @actions/core. */
const RUNNER_BUNDLES = ['main', 'post', 'list-accounts'] as const;

describe('sizes', () => {
  test.each(BUNDLE_LIMITS)('dist/$name ($measure) is at most $limitKb kB', (limit) => {
    const bytes = measuredBytes(dist, limit);
    expect(bytes).toBeGreaterThan(0);
    expect(Math.ceil(bytes / 1000)).toBeLessThanOrEqual(limit.limitKb);
  });
});

describe('what is left out', () => {
  test.each(SDK_BUNDLES)('dist/%s holds the stand-ins, not the packages they replace', (name) => {
    expect(startUp(name)).toContain(STAND_IN);
    for (const [what, marker] of Object.entries(LEFT_OUT_OF_THE_SDK)) {
      expect({ what, found: everything(name).includes(marker) }).toEqual({ what, found: false });
    }
  });

  test.each(RUNNER_BUNDLES)(
    'dist/%s holds @actions/core, with stand-ins for its ID-token client and @actions/exec',
    (name) => {
      expect(startUp(name)).toContain(ACTIONS_CORE);
      for (const reason of [
        "neither action requests an OIDC ID token (@actions/core's getIDToken)",
        'no path of either action runs a program',
      ]) {
        expect(startUp(name)).toContain(reason);
      }
      for (const [what, marker] of Object.entries(LEFT_OUT_OF_ACTIONS_CORE)) {
        expect({ what, found: everything(name).includes(marker) }).toEqual({ what, found: false });
      }
    },
  );

  test('the CLI carries no @actions package, not even as a stand-in', () => {
    expect(everything('cli')).not.toContain(ACTIONS_CORE);
    expect(everything('cli')).not.toContain('@actions/');
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

  test('dist/main loads the STS client and the real SigV4 signer only for role-to-assume', () => {
    const sts = read(join('main', 'sts', 'index.js'));
    for (const marker of [
      'AWS4-HMAC-SHA256',
      'AssumeRoleCommand',
      'https://sts.amazonaws.com/doc/2011-06-15/',
    ]) {
      expect(sts).toContain(marker);
      expect(startUp('main') + lazyChunks('main')).not.toContain(marker);
    }
    // Found by Node's subpath imports, from the package.json next to the start-up file.
    expect(JSON.parse(read(join('main', 'package.json')))).toEqual({
      type: 'module',
      imports: { '#sts': './sts/index.js' },
    });
    expect(startUp('main')).toContain('import("#sts")');
    // Its own credential chain is still the stand-in: it signs with the credentials it is given.
    expect(sts).toContain(STAND_IN);
    expect(sts).not.toContain(LEFT_OUT_OF_THE_SDK['the default AWS credential chain']);
  });

  test('renew-credentials: endpoint: the endpoint knows no runner and finds STS through #sts; its client is Node built-ins', () => {
    const endpoint = startUp('main/endpoint') + lazyChunks('main/endpoint');
    for (const marker of ['@actions/core', 'getInput', 'AssumeRoleCommand', 'AWS4-HMAC-SHA256']) {
      expect(endpoint).not.toContain(marker);
    }
    expect(endpoint).toContain('import("#sts")');
    expect(endpoint).toContain('GetRoleCredentials');
    // No package.json of its own: dist/main/package.json's '#sts' and "type" apply.
    expect(existsSync(join(dist, 'main', 'endpoint', 'package.json'))).toBe(false);
    expect(existsSync(join(dist, 'main', 'credential-process', 'package.json'))).toBe(false);
    const client = startUp('main/credential-process');
    for (const marker of ['@aws-sdk', '@smithy', '@actions']) expect(client).not.toContain(marker);
  });

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
    // (node:http is declared there for the lazy chunk's sake, as every Node built-in a chunk uses.)
    for (const marker of ['@aws-sdk', '@smithy', 'ProxyAgent']) {
      expect(post).not.toContain(marker);
    }
    for (const marker of [
      'libsodium',
      'credential-provider-node',
      'signature-v4',
      'event-streams',
    ]) {
      expect(post).not.toContain(marker);
    }
    // renew-credentials' closing of the session (the cache read back, the write-back with its
    // HTTP client) is loaded only when the main step gave the job a session; the SDK, in a chunk
    // of its own, only to redeem a refresh token found in the cache.
    expect(post).not.toContain('was deleted during the job');
    const chunks = bundleFiles(join(dist, 'post'))
      .filter(({ file }) => file !== 'index.js')
      .map(({ file }) => read(join('post', file)));
    const closing = chunks.filter((chunk) => chunk.includes('was deleted during the job'));
    expect(closing).toHaveLength(1);
    for (const marker of ['@aws-sdk', '@smithy']) expect(closing[0]).not.toContain(marker);
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

  test.each(RUNNER_BUNDLES)(
    'dist/%s lists @actions/core, not what its stand-ins replace',
    (name) => {
      const names = listed(name);
      expect(names).toContain('@actions/core');
      for (const leftOut of [
        '@actions/http-client',
        'undici',
        'tunnel',
        '@actions/exec',
        '@actions/io',
      ]) {
        expect(names).not.toContain(leftOut);
      }
    },
  );

  test('dist/main/sts lists the STS client and the signer it ships', () => {
    expect(listed('main/sts')).toEqual(
      expect.arrayContaining(['@aws-sdk/client-sts', '@smithy/signature-v4', '@aws-sdk/core']),
    );
    expect(listed('main/sts')).not.toContain('@aws-sdk/credential-provider-node');
  });

  test("the post step ships @actions/core, the write-back's packages (libsodium, proxy agents) and the SDK's CreateToken", () => {
    const writeBack = ['libsodium', 'libsodium-wrappers', 'http-proxy-agent', 'agent-base'];
    const ofTheAgents = ['debug', 'ms', 'has-flag', 'supports-color'];
    // The redemption of a refresh token found in the token cache (CreateToken).
    const redemption = [
      '@aws-sdk/client-sso',
      '@aws-sdk/client-sso-oidc',
      '@aws-sdk/core',
      '@aws-sdk/xml-builder',
      '@aws/lambda-invoke-store',
      '@smithy/core',
      '@smithy/node-http-handler',
      '@smithy/types',
      'bowser',
    ];
    const shipped = [...writeBack, ...ofTheAgents, ...redemption, '@actions/core'];
    expect(listed('post')).toContain('@actions/core');
    expect(listed('post').filter((name) => !shipped.includes(name))).toEqual([]);
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

  /** The source without its comments, which may name a command to explain it. */
  const code = (file: string): string =>
    readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');

  /** What writing the runner's protocol by hand would look like. */
  const BY_HAND = [
    /['"`]::/, // a workflow command: ::add-mask::, ::set-output ..., ::error::
    /\b(add-mask|set-output|save-state|set-env|stop-commands)\b/,
    /\bGITHUB_(ENV|OUTPUT|STATE|PATH)\b/, // the file commands' files
    /ghadelimiter|<<\$\{/, // a file command's heredoc
    /['"`](INPUT|STATE)_/, // reading an input or the saved state from the environment
  ];

  test('@actions/core speaks the runner protocol: nothing in src/ formats a command by hand', () => {
    const offenders = sources().flatMap((file) =>
      BY_HAND.filter((pattern) => pattern.test(code(file))).map(
        (pattern) => `${relative(repoRoot, file)}: ${pattern}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  test('the actions import @actions/core, never its ID-token client or @actions/exec', () => {
    const importers = (pkg: string): string[] =>
      sources()
        .filter((file) => new RegExp(`from\\s+['"]${pkg}['"]`).test(readFileSync(file, 'utf8')))
        .map((file) => relative(repoRoot, file));
    expect(importers('@actions/core')).toContain('src/runner/log.ts');
    expect(importers('@actions/(http-client|exec|io)(/[^\'"]*)?')).toEqual([]);
  });
});
