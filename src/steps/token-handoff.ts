import * as core from '@actions/core';
import { Inputs, Outputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import { open, type SealContext, seal } from '../secrets/sealing.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import { ACCESS_TOKEN_REFRESH_WINDOW_MS } from '../sso/limits.js';
import type { AccessToken, GivenToken } from '../sso/token.js';
import type { TokenSource } from '../sso/token-source.js';

/**
 * The token handoff: an access token minted by one job, sealed so that the later jobs of the
 * same workflow run can use it instead of refreshing again (a matrix refreshes once, which is
 * what a service that rotates refresh tokens needs). It is passed as a job output, which GitHub
 * drops when it holds a masked value, so it is not a secret: it is encrypted and authenticated
 * (AES-256-GCM) with a key only jobs that hold the registration's client secret can derive, and
 * bound to the repository, the run and the client id, so it opens nowhere else.
 *
 * Text form: `v1.<run id>.<base64url(repository)>.<box>`. The run and repository are in clear
 * (both are public to anyone who sees the run) so that "made in another run" can be told apart
 * from "altered"; they are also authenticated, as associated data.
 */

/** The workflow run a handoff belongs to: GITHUB_REPOSITORY and GITHUB_RUN_ID. */
export interface RunIdentity {
  readonly repository: string;
  readonly runId: string;
}

/** The registration a handoff is sealed with: the key comes from the secret, the id is bound. */
export interface HandoffKey {
  readonly clientId: string;
  readonly clientSecret: string;
}

export type OpenedHandoff =
  | { readonly kind: 'usable'; readonly token: GivenToken }
  | { readonly kind: 'expired'; readonly expiresAt: Date }
  | { readonly kind: 'other-run'; readonly madeIn: RunIdentity }
  | { readonly kind: 'unauthentic' }
  | { readonly kind: 'malformed' };

const FORMAT = 'v1';
const PURPOSE = 'aws-sso-credentials token-handoff v1';
/** Far above any real handoff (an access token is a few kilobytes at most). */
const MAX_HANDOFF_LENGTH = 64 * 1024;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const RUN_ID = /^\d{1,20}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** This run, when the runner says which it is; re-runs of failed jobs keep the run id. */
export function currentRun(env: NodeJS.ProcessEnv = process.env): RunIdentity | undefined {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runId = env.GITHUB_RUN_ID ?? '';
  return REPOSITORY.test(repository) && RUN_ID.test(runId) ? { repository, runId } : undefined;
}

/** The key of a source that can seal or open a handoff; an access token comes with none. */
export function handoffKey(source: TokenSource): HandoffKey | undefined {
  switch (source.kind) {
    case 'access-token':
      return undefined;
    case 'refresh-token':
      return { clientId: source.clientId, clientSecret: source.clientSecret };
    case 'sso-session': {
      const { clientId, clientSecret } = source.session;
      return clientSecret ? { clientId: clientId ?? '', clientSecret } : undefined;
    }
  }
}

function sealContext(key: HandoffKey, run: RunIdentity): SealContext {
  return {
    purpose: PURPOSE,
    associatedData: JSON.stringify([FORMAT, run.repository, run.runId, key.clientId]),
  };
}

export function sealHandoff(token: GivenToken, key: HandoffKey, run: RunIdentity): string {
  const payload = JSON.stringify({
    accessToken: token.accessToken,
    expiresAt: token.expiresAt.toISOString(),
  });
  const box = seal(payload, key.clientSecret, sealContext(key, run));
  return [FORMAT, run.runId, Buffer.from(run.repository, 'utf8').toString('base64url'), box].join(
    '.',
  );
}

/**
 * Opens a handoff made in this run with this key. The access token inside goes to `mask` the
 * moment it is out of the box. A token with less than the refresh window left (5 minutes) is
 * `expired`: the AWS SDKs would refresh it too.
 */
export function openHandoff(
  text: string,
  key: HandoffKey,
  run: RunIdentity,
  mask: SecretSink,
  now: Date = new Date(),
): OpenedHandoff {
  const parts = text.trim().split('.');
  const [format, runId = '', encodedRepository = '', box = ''] = parts;
  if (text.length > MAX_HANDOFF_LENGTH || parts.length !== 4 || format !== FORMAT) {
    return { kind: 'malformed' };
  }
  if (!RUN_ID.test(runId) || !BASE64URL.test(encodedRepository)) return { kind: 'malformed' };
  const repository = Buffer.from(encodedRepository, 'base64url').toString('utf8');
  if (!REPOSITORY.test(repository)) return { kind: 'malformed' };
  if (repository !== run.repository || runId !== run.runId) {
    return { kind: 'other-run', madeIn: { repository, runId } };
  }
  const opened = open(box, key.clientSecret, sealContext(key, run));
  if (!opened.ok) return { kind: opened.reason };
  const token = readPayload(opened.plaintext, mask);
  if (!token) return { kind: 'malformed' };
  if (token.expiresAt.getTime() - now.getTime() < ACCESS_TOKEN_REFRESH_WINDOW_MS) {
    return { kind: 'expired', expiresAt: token.expiresAt };
  }
  return { kind: 'usable', token };
}

/** Authenticated, so made by this code; still checked, as a version skew could change it. */
function readPayload(plaintext: string, mask: SecretSink): GivenToken | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  const { accessToken, expiresAt } = (payload ?? {}) as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken === '') return undefined;
  mask(accessToken);
  const expiry = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined;
  if (!expiry || Number.isNaN(expiry.getTime())) return undefined;
  return { accessToken, expiresAt: expiry };
}

/**
 * The `token-handoff` input, opened: the token to use, or undefined when the step must refresh
 * as usual, after a warning that says why the handoff could not be used.
 */
export function receiveHandoff(
  text: string | undefined,
  source: TokenSource,
  now: Date = new Date(),
): GivenToken | undefined {
  const key = handoffKey(source);
  // Input validation refuses a handoff without a key; nothing to open here either way.
  if (!text || !key) return undefined;
  const run = currentRun();
  if (!run) {
    log.warning(
      `The '${Inputs.TokenHandoff}' input cannot be checked: GITHUB_REPOSITORY and GITHUB_RUN_ID do not name a workflow run. The step refreshes the token instead.`,
    );
    return undefined;
  }
  const opened = openHandoff(text, key, run, maskInLogs, now);
  if (opened.kind === 'usable') {
    log.info(
      `Using the access token handed over in '${Inputs.TokenHandoff}' (it expires at ${opened.token.expiresAt.toISOString()}): no refresh.`,
    );
    return opened.token;
  }
  log.warning(`${unusableReason(opened, run, now)} The step refreshes the token instead.`);
  return undefined;
}

function unusableReason(
  opened: Exclude<OpenedHandoff, { kind: 'usable' }>,
  run: RunIdentity,
  now: Date,
): string {
  const input = `The '${Inputs.TokenHandoff}' input`;
  switch (opened.kind) {
    case 'expired': {
      const when = opened.expiresAt.toISOString();
      return opened.expiresAt.getTime() <= now.getTime()
        ? `${input} holds an access token that expired at ${when}.`
        : `${input} holds an access token that expires at ${when}, in less than 5 minutes.`;
    }
    case 'other-run':
      return `${input} was made in another workflow run (run ${opened.madeIn.runId} of ${opened.madeIn.repository}; this is run ${run.runId} of ${run.repository}) and opens only in the run that made it.`;
    case 'unauthentic':
      return `${input} failed authentication: it was altered, or sealed with another client registration than this step's (client id and client secret).`;
    case 'malformed':
      return `${input} is not a token handoff (expected the unchanged '${Outputs.TokenHandoff}' output of an earlier step of this action).`;
  }
}

/**
 * The `token-handoff` output: set whenever the token came from a source that can refresh it
 * (refresh-token, or sso-session with a refresh token), whether or not this step refreshed.
 */
export function setHandoffOutput(source: TokenSource, token: AccessToken): void {
  const key = handoffKey(source);
  if (!key || !token.renewable || !token.expiresAt) return;
  const run = currentRun();
  if (!run) {
    log.info(
      `No '${Outputs.TokenHandoff}' output: GITHUB_REPOSITORY and GITHUB_RUN_ID do not name a workflow run to bind it to.`,
    );
    return;
  }
  const { accessToken, expiresAt } = token;
  core.setOutput(Outputs.TokenHandoff, sealHandoff({ accessToken, expiresAt }, key, run));
}
