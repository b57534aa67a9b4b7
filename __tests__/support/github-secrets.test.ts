import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import sodium from 'libsodium-wrappers';
import { GitHubSecretsStandIn } from './github-secrets.js';

/** The stand-in is what the write-back tests believe: it must behave like GitHub where they rely on it. */

const TOKEN = 'github_pat_STANDIN_0123456789';
let github: GitHubSecretsStandIn;

beforeAll(async () => {
  github = await GitHubSecretsStandIn.start({
    repository: 'o/r',
    token: TOKEN,
    environments: ['prod/eu'],
  });
});
afterAll(() => github.stop());
beforeEach(() => github.clear());

async function call(method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, string>) : {},
  };
}

async function put(path: string, value: string, keyPath: string) {
  const { body: key } = await call('GET', keyPath);
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(
    sodium.from_string(value),
    sodium.from_base64(key.key ?? '', sodium.base64_variants.ORIGINAL),
  );
  const encrypted = sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
  return call('PUT', path, { encrypted_value: encrypted, key_id: key.key_id });
}

describe('GitHub secrets stand-in', () => {
  test('a sealed value is opened with the private key: 201, then 204', async () => {
    const keyPath = '/repos/o/r/actions/secrets/public-key';
    expect((await put('/repos/o/r/actions/secrets/MY_SECRET', 'first', keyPath)).status).toBe(201);
    expect((await put('/repos/o/r/actions/secrets/my_secret', 'second', keyPath)).status).toBe(204);
    expect(github.secret('MY_SECRET')).toBe('second');
  });

  test('environment secrets have their own key and store; the name is URL-encoded', async () => {
    const base = '/repos/o/r/environments/prod%2Feu/secrets';
    const repoKey = await call('GET', '/repos/o/r/actions/secrets/public-key');
    const envKey = await call('GET', `${base}/public-key`);
    expect(envKey.body.key).not.toBe(repoKey.body.key);
    expect((await put(`${base}/S`, 'env value', `${base}/public-key`)).status).toBe(201);
    expect(github.secret('S', 'prod/eu')).toBe('env value');
    expect(github.secret('S')).toBeUndefined();
  });

  test('refuses what GitHub refuses', async () => {
    const keyPath = '/repos/o/r/actions/secrets/public-key';
    expect((await call('GET', keyPath, undefined, 'wrong')).status).toBe(401);
    expect((await call('GET', '/repos/o/other/actions/secrets/public-key')).status).toBe(404);
    expect((await call('GET', '/repos/o/r/environments/none/secrets/public-key')).status).toBe(404);
    expect(
      (await call('PUT', '/repos/o/r/actions/secrets/S', { encrypted_value: 'x', key_id: 'old' }))
        .status,
    ).toBe(422);
    expect((await put('/repos/o/r/actions/secrets/GITHUB_X', 'v', keyPath)).status).toBe(422);
    github.refuse({ status: 403, message: 'Resource not accessible by integration' });
    const refused = await call('GET', keyPath);
    expect(refused).toMatchObject({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
  });
});
