import { AssumeRoleCommand, type AssumeRoleResponse } from '@aws-sdk/client-sts';
import {
  type AttemptLimits,
  MalformedResponseError,
  RetriesExhaustedError,
  type RetryPolicy,
  requestOptions,
  withRetries,
} from '../http/retry.js';
import type { SecretSink } from '../secrets/secret-sink.js';
import type { ClientOptions } from '../sso/clients.js';
import type { RoleCredentials } from '../sso/credentials.js';
import {
  type CredentialMember,
  credentialMember,
  expirationOf,
  InvalidResponseError,
  isCredential,
} from '../sso/response-shapes.js';
import { causeOf } from '../sso/service-errors.js';
import { ASSUMED_ROLE_ARN, roleArnParts } from './arns.js';
import { createStsClient, type StsClient } from './client.js';
import { StsError, type StsProblem } from './sts-error.js';

/**
 * sts:AssumeRole with credentials already held (role chaining). This module and the SDK's STS
 * client, with the real SigV4 signer, are one lazy chunk: the action imports it only when
 * role-to-assume is set.
 */

export interface AssumeRoleRequest {
  /** The region whose STS endpoint is asked. */
  readonly region: string;
  /** The credentials the request is signed with: the first hop's. */
  readonly credentials: RoleCredentials;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string | undefined;
  readonly inlinePolicy?: string | undefined;
  readonly managedPolicyArns?: readonly string[];
  readonly clientOptions?: ClientOptions;
}

/** The assumed role's credentials, and the session STS says they belong to. */
export interface AssumedRole {
  readonly credentials: RoleCredentials;
  /** arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION: not a secret, but the account may be masked. */
  readonly assumedRoleArn: string;
  readonly accountId: string;
}

/**
 * Assumes the role, retrying what retry.ts deems worth it. Each credential goes to `mask` as soon
 * as it arrives, before anything else is checked; then every value is checked, and the session
 * must be the role that was asked for (its account is the account the job gets).
 */
export async function assumeRole(
  request: AssumeRoleRequest,
  mask: SecretSink,
): Promise<AssumedRole> {
  const { client, retry } = await createStsClient(
    request.region,
    request.credentials,
    request.clientOptions ?? {},
  );
  try {
    const command = new AssumeRoleCommand({
      RoleArn: request.roleArn,
      RoleSessionName: request.sessionName,
      DurationSeconds: request.durationSeconds,
      ...(request.externalId ? { ExternalId: request.externalId } : {}),
      ...(request.inlinePolicy ? { Policy: request.inlinePolicy } : {}),
      ...(request.managedPolicyArns?.length
        ? { PolicyArns: request.managedPolicyArns.map((arn) => ({ arn })) }
        : {}),
    });
    return await callSts(request.roleArn, retry, async (limits) =>
      readAssumedRole(
        await sendReadable(client, command, limits),
        request.roleArn,
        mask,
        Date.now(),
      ),
    );
  } finally {
    client.destroy();
  }
}

/**
 * Sends the command; an answer whose XML does not parse (a half-sent body) becomes a
 * MalformedResponseError, which retry.ts retries like a half-sent JSON body. The SDK's own error
 * quotes the body, which is never shown.
 */
async function sendReadable(
  client: StsClient['client'],
  command: AssumeRoleCommand,
  limits: AttemptLimits,
): Promise<AssumeRoleResponse> {
  try {
    return await client.send(command, requestOptions(limits));
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.includes('Deserialization error')) {
      throw new MalformedResponseError('the answer is not STS XML');
    }
    throw error;
  }
}

async function callSts<T>(
  roleArn: string,
  retry: RetryPolicy,
  call: (limits: AttemptLimits) => Promise<T>,
): Promise<T> {
  try {
    return await withRetries(retry, call);
  } catch (error) {
    throw new StsError(stsProblem(error), roleArn);
  }
}

/** The STS error codes that mean something to the caller; the rest is the call and its cause. */
export function stsProblem(error: unknown): StsProblem {
  // By name: the step's Deadline, and so its error class, comes from the action's own bundle.
  if (error instanceof Error && error.name === 'DeadlinePassedError') {
    return { kind: 'deadline-passed', limitMs: (error as { limitMs?: number }).limitMs ?? 0 };
  }
  const exhausted = error instanceof RetriesExhaustedError ? error : undefined;
  const last = exhausted ? exhausted.lastError : error;
  const cause = causeOf(last);
  const name = cause.kind === 'error' ? cause.name : undefined;
  const message = cause.kind === 'error' ? (cause.message ?? '') : '';
  if (name === 'AccessDenied' || name === 'AccessDeniedException') return { kind: 'denied', cause };
  if (name === 'ValidationError' && /role chaining|DurationSeconds/i.test(message))
    return { kind: 'session-too-long', cause };
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException')
    return { kind: 'credentials-expired', cause };
  if (name === 'RegionDisabledException') return { kind: 'region-disabled', cause };
  return {
    kind: 'call-failed',
    ...(exhausted
      ? { retriesExhausted: { attempts: exhausted.attempts, elapsedMs: exhausted.elapsedMs } }
      : {}),
    cause,
  };
}

/** STS's names of the three credentials (the portal's are camel-case: accessKeyId, …). */
const STS_MEMBERS: ReadonlyArray<[CredentialMember, string]> = [
  ['accessKeyId', 'AccessKeyId'],
  ['secretAccessKey', 'SecretAccessKey'],
  ['sessionToken', 'SessionToken'],
];

/** Masks, then checks, the answer of AssumeRole (see response-shapes.ts for the two failures). */
export function readAssumedRole(
  response: AssumeRoleResponse,
  roleArn: string,
  mask: SecretSink,
  now: number,
): AssumedRole {
  const fields = (response.Credentials ?? {}) as Record<string, unknown>;
  for (const [kind, name] of STS_MEMBERS) {
    if (isCredential(fields[name], kind)) mask(fields[name]);
  }
  const [accessKeyId, secretAccessKey, sessionToken] = STS_MEMBERS.map(([kind, name]) =>
    credentialMember(fields[name], kind, `Credentials.${name}`),
  );
  const expires =
    fields.Expiration instanceof Date ? fields.Expiration.getTime() : fields.Expiration;
  const expiration = expirationOf(expires, 'Credentials.Expiration', now);
  const assumedRoleArn = response.AssumedRoleUser?.Arn;
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration || !assumedRoleArn) {
    throw new MalformedResponseError(
      'Credentials lacks AccessKeyId, SecretAccessKey, SessionToken or Expiration, or AssumedRoleUser.Arn is missing',
    );
  }
  const accountId = sessionAccount(assumedRoleArn, roleArn);
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken, expiration },
    assumedRoleArn,
    accountId,
  };
}

/** The session's account, when the session is of the role asked for; otherwise the answer is refused. */
function sessionAccount(assumedRoleArn: string, roleArn: string): string {
  const session = ASSUMED_ROLE_ARN.exec(assumedRoleArn);
  const role = roleArnParts(roleArn);
  if (
    !session ||
    !role ||
    session[1] !== role.partition ||
    session[2] !== role.accountId ||
    session[3] !== role.roleName
  ) {
    throw new InvalidResponseError(
      'invalid response: AssumedRoleUser.Arn is not a session of the role that was asked for',
    );
  }
  return role.accountId;
}
