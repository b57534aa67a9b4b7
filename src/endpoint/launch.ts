import {
  type LaunchDocument,
  type LaunchRole,
  MAX_LAUNCH_BYTES,
} from '../shared/endpoint-protocol.js';
import { ACCOUNT_ID, isRegion, ROLE_NAME } from '../shared/validation.js';

/**
 * The launch document, read from stdin (the step's pipe) to its end: the session never reaches
 * argv, the environment or a file. Checked member by member before anything uses it.
 */
export async function readLaunch(input: NodeJS.ReadableStream): Promise<LaunchDocument> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_LAUNCH_BYTES) throw new Error('the launch document is too large');
    chunks.push(buffer);
  }
  return parseLaunch(Buffer.concat(chunks).toString('utf8'));
}

export function parseLaunch(text: string): LaunchDocument {
  let document: Partial<LaunchDocument>;
  try {
    document = JSON.parse(text) as Partial<LaunchDocument>;
  } catch {
    throw new Error('the launch document is not JSON');
  }
  const problem = launchProblem(document);
  if (problem) throw new Error(`the launch document ${problem}`);
  return document as LaunchDocument;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isSecret = (value: unknown): value is string => isText(value) && value.length >= 32;

function launchProblem(document: Partial<LaunchDocument> | null): string | undefined {
  if (document?.version !== 1) return 'has no version 1';
  if (!isText(document.ssoRegion) || !isRegion(document.ssoRegion)) return 'has no region';
  if (!isText(document.token?.accessToken)) return 'has no access token';
  const { refresh } = document.token;
  if (refresh && !(isText(refresh.refreshToken) && isText(refresh.clientId))) {
    return 'has an incomplete refresh grant';
  }
  if (!Array.isArray(document.roles) || document.roles.length === 0) return 'has no roles';
  if (!document.roles.every(isLaunchRole)) return 'has a role in the wrong shape';
  const { authorization, control, seal } = document;
  if (!isSecret(authorization) || !isSecret(control) || !isSecret(seal)) return 'lacks a secret';
  const attempts = document.transport?.maxAttempts;
  if (!Number.isInteger(attempts) || (attempts as number) < 1) return 'has no retry budget';
  return undefined;
}

function isLaunchRole(role: LaunchRole): boolean {
  const current = role?.current;
  return (
    typeof role?.key === 'string' &&
    ACCOUNT_ID.test(role.accountId) &&
    ROLE_NAME.test(role.roleName) &&
    isText(current?.AccessKeyId) &&
    isText(current.SecretAccessKey) &&
    isText(current.Token) &&
    !Number.isNaN(Date.parse(current.Expiration)) &&
    ACCOUNT_ID.test(current.AccountId)
  );
}
