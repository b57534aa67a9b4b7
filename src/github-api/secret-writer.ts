import sodium from 'libsodium-wrappers';
import { RetriesExhaustedError } from '../http/retry.js';
import { Inputs } from '../runner/constants.js';
import { describeError, UserError } from '../shared/errors.js';
import { describeCause } from '../sso/service-errors.js';
import { callGitHub, gitHubMessage, type RestResponse, type RestTarget } from './github-rest.js';
import type { WriteBackSettings } from './write-back-inputs.js';

/**
 * Writes a value to a repository or environment secret as GitHub's REST API asks: read the
 * public key, encrypt with a libsodium sealed box (crypto_box_seal, the library GitHub's own
 * documentation uses), PUT the secret with the key's id. Imported lazily by rotation.ts.
 */

export type WriteOutcome = 'created' | 'updated';

interface PublicKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

const KEY_ID = /^[\x21-\x7e]{1,256}$/;

export async function writeSecret(
  settings: WriteBackSettings,
  value: string,
  proxy?: RestTarget['proxy'],
): Promise<WriteOutcome> {
  const target: RestTarget = {
    apiUrl: settings.apiUrl,
    token: settings.githubToken,
    ...(proxy ? { proxy } : {}),
  };
  const secrets = secretsPath(settings);
  const publicKey = await readPublicKey(target, `${secrets}/public-key`, settings);
  const encrypted = await sealFor(publicKey.key, value);
  const response = await request(
    target,
    'PUT',
    `${secrets}/${encodeURIComponent(settings.secretName)}`,
    settings,
    {
      encrypted_value: encrypted,
      key_id: publicKey.keyId,
    },
  );
  if (response.status === 201) return 'created';
  if (response.status === 204) return 'updated';
  throw refusal(response, settings);
}

/**
 * `/repos/{owner}/{repo}/actions/secrets` or `/repos/{owner}/{repo}/environments/{env}/secrets`,
 * every name one encoded segment (write-back-inputs.ts refuses `.` and `..`, which encoding
 * leaves as path steps).
 */
function secretsPath(settings: WriteBackSettings): string {
  const [owner = '', repo = ''] = settings.repository.split('/');
  const repository = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  return settings.environment
    ? `${repository}/environments/${encodeURIComponent(settings.environment)}/secrets`
    : `${repository}/actions/secrets`;
}

async function readPublicKey(
  target: RestTarget,
  path: string,
  settings: WriteBackSettings,
): Promise<PublicKey> {
  const response = await request(target, 'GET', path, settings);
  if (response.status !== 200) throw refusal(response, settings);
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  const { key_id: keyId, key } = (parsed ?? {}) as Record<string, unknown>;
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : undefined;
  await sodium.ready;
  if (
    typeof keyId !== 'string' ||
    !KEY_ID.test(keyId) ||
    bytes?.length !== sodium.crypto_box_PUBLICKEYBYTES
  ) {
    throw new UserError(
      `GitHub's answer for the public key of ${where(settings)} is not a key_id and a 32-byte key, so the secret '${settings.secretName}' was not written.`,
    );
  }
  return { keyId, key: new Uint8Array(bytes) };
}

async function sealFor(publicKey: Uint8Array, value: string): Promise<string> {
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), publicKey);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

/** One call; network failures and answers still retryable after the last attempt are explained. */
async function request(
  target: RestTarget,
  method: 'GET' | 'PUT',
  path: string,
  settings: WriteBackSettings,
  body?: unknown,
): Promise<RestResponse> {
  try {
    return await callGitHub(target, method, path, body);
  } catch (error) {
    const cause = error instanceof RetriesExhaustedError ? error.lastError : error;
    const answer = (cause as { response?: RestResponse }).response;
    const tries = error instanceof RetriesExhaustedError ? ` after ${error.attempts} attempts` : '';
    const why = answer ? httpLabel(answer) : networkCause(cause);
    throw new UserError(
      `Writing the secret '${settings.secretName}' of ${where(settings)} failed${tries}: ${why}.`,
    );
  }
}

function networkCause(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  if (name === 'TimeoutError') return 'the GitHub API did not answer in time';
  return code ? `${code} (${describeError(error)})` : describeCause(error);
}

function httpLabel(response: RestResponse): string {
  const message = gitHubMessage(response);
  return message ? `HTTP ${response.status}: ${message}` : `HTTP ${response.status}`;
}

function where(settings: WriteBackSettings): string {
  return settings.environment
    ? `the environment '${settings.environment}' of ${settings.repository}`
    : `the repository ${settings.repository}`;
}

/** The permission a token needs for this kind of secret, as GitHub names it. */
function permission(settings: WriteBackSettings): string {
  const needed = settings.environment
    ? 'the repository permissions "Secrets: write" and "Environments: write"'
    : 'the repository permission "Secrets: write"';
  return `a fine-grained personal access token or a GitHub App token with ${needed} on ${settings.repository} (or a classic token with the repo scope); the workflow's GITHUB_TOKEN cannot write secrets`;
}

/** An answer that is not the one asked for: what it means for the token and what to do. */
function refusal(response: RestResponse, settings: WriteBackSettings): UserError {
  const token = `'${Inputs.GithubToken}'`;
  const secret = `the secret '${settings.secretName}' of ${where(settings)}`;
  const label = httpLabel(response);
  switch (response.status) {
    case 401:
      return new UserError(
        `GitHub refused ${token} (${label}) when writing ${secret}: the token is invalid or has expired. Give ${permission(settings)}.`,
      );
    case 403:
      return new UserError(
        `GitHub did not let ${token} write ${secret} (${label}): the token lacks the permission. Give ${permission(settings)}.`,
      );
    case 404:
      return new UserError(
        `GitHub answered ${label} for ${secret}: ${token} cannot see the repository${settings.environment ? ', or the environment does not exist' : ''}. Give ${permission(settings)}.`,
      );
    default:
      return new UserError(`GitHub refused to write ${secret} (${label}).`);
  }
}
