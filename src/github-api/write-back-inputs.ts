import * as core from '@actions/core';
import { Inputs } from '../runner/constants.js';
import { InputError, UserError } from '../shared/errors.js';
import { canRefresh } from '../sso/session.js';
import type { TokenSource } from '../sso/token-source.js';

/**
 * Where a rotated refresh token (or renewed session document) is written back: a repository or
 * environment secret, through the GitHub REST API of this run (GITHUB_API_URL, so GitHub
 * Enterprise Server works), with a token that may write secrets.
 */
export interface WriteBackSettings {
  readonly secretName: string;
  /** An environment secret when set; a repository secret otherwise. */
  readonly environment?: string;
  readonly githubToken: string;
  /** GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  readonly apiUrl: URL;
  /** GITHUB_REPOSITORY: owner/name. */
  readonly repository: string;
}

/** GitHub's rule: letters, digits and `_`, not starting with a digit or with GITHUB_. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
/**
 * GitHub's rule for environment names: at most 255 characters, not case sensitive (its docs,
 * "Managing environments for deployment"); in the REST path the name is one URL-encoded segment
 * (a `/` goes as %2F). Beyond that: no control or invisible format character, and not `.` or
 * `..`, which encoding leaves as they are and a URL resolves as path steps: `..` would move the
 * write from /environments/NAME/secrets to the repository's own secrets. (Inputs are read
 * trimmed, so there is no blank name or whitespace at either end to refuse.)
 */
const ENVIRONMENT = /^[^\p{Cc}\p{Cf}]{1,255}$/u;

function isEnvironmentName(name: string): boolean {
  return ENVIRONMENT.test(name) && name !== '.' && name !== '..';
}

/**
 * Reads and checks update-secret, update-secret-environment and github-token, before any
 * request: a write-back that could not work must fail the step before it refreshes anything.
 */
export function getWriteBack(
  source: TokenSource,
  env: NodeJS.ProcessEnv = process.env,
): WriteBackSettings | undefined {
  const secretName = core.getInput(Inputs.UpdateSecret);
  if (!secretName) {
    refuseWithoutSecret(Inputs.GithubToken);
    refuseWithoutSecret(Inputs.UpdateSecretEnvironment);
    return undefined;
  }
  checkSecretName(secretName);
  checkRotatable(source);
  const githubToken = core.getInput(Inputs.GithubToken);
  if (!githubToken) {
    throw new InputError(
      Inputs.GithubToken,
      `is required with '${Inputs.UpdateSecret}': a fine-grained personal access token or GitHub App token with the repository permission "Secrets: write" (the workflow's GITHUB_TOKEN cannot write secrets)`,
    );
  }
  const environment = core.getInput(Inputs.UpdateSecretEnvironment);
  if (environment && !isEnvironmentName(environment)) {
    throw new InputError(
      Inputs.UpdateSecretEnvironment,
      "must be an environment name as GitHub accepts it: at most 255 characters, no control or invisible characters, and not '.' or '..'",
    );
  }
  return {
    secretName,
    ...(environment ? { environment } : {}),
    githubToken,
    apiUrl: apiUrlOf(env),
    repository: repositoryOf(env),
  };
}

function refuseWithoutSecret(input: string): void {
  if (core.getInput(input)) {
    throw new InputError(
      input,
      `is used only with '${Inputs.UpdateSecret}' (the secret to write a rotated token to); give that too, or remove '${input}'`,
    );
  }
}

function checkSecretName(name: string): void {
  if (!SECRET_NAME.test(name) || /^GITHUB_/i.test(name)) {
    throw new InputError(
      Inputs.UpdateSecret,
      'must be a secret name: letters, digits and _, not starting with a digit or GITHUB_ (e.g. SSO_REFRESH_TOKEN)',
    );
  }
}

/** Only a refresh can rotate: an access token (or a session without a refresh token) never does. */
function checkRotatable(source: TokenSource): void {
  const rotatable =
    source.kind === 'refresh-token' ||
    (source.kind === 'sso-session' && canRefresh(source.session));
  if (rotatable) return;
  throw new InputError(
    Inputs.UpdateSecret,
    `needs a token source that can rotate: '${Inputs.RefreshToken}', or an '${Inputs.SsoSession}' with a refresh token; ${source.kind === 'access-token' ? `'${Inputs.AccessToken}' is` : 'this session document is'} never refreshed, so there is nothing to write back`,
  );
}

function apiUrlOf(env: NodeJS.ProcessEnv): URL {
  const value = env.GITHUB_API_URL || 'https://api.github.com';
  try {
    const url = new URL(value);
    if (['https:', 'http:'].includes(url.protocol) && url.hostname) return url;
  } catch {
    // reported below
  }
  throw new UserError(
    `GITHUB_API_URL is not an http(s) URL, so '${Inputs.UpdateSecret}' cannot reach the GitHub API.`,
  );
}

function repositoryOf(env: NodeJS.ProcessEnv): string {
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (REPOSITORY.test(repository)) return repository;
  throw new UserError(
    `GITHUB_REPOSITORY does not name a repository (owner/name), so '${Inputs.UpdateSecret}' has no repository to write to.`,
  );
}
