import { createHash, randomInt } from 'node:crypto';
import { parseAuthorization, type SignedRequest, signatureMatches, signedAtMs } from './sigv4.js';
import type { CredentialIdentity, EmulatorState, IssuedCredentials } from './state.js';
import { type ApiRequest, type ApiResponse, escapeXml, stsError, stsResponse } from './wire.js';

/**
 * STS (2011-06-15) in the query protocol the SDKs use: `POST /` with a form-encoded body
 * (`Action=AssumeRole&Version=2011-06-15&...`), XML answers. Only requests SigV4-signed with
 * credentials this emulator issued (GetRoleCredentials or an earlier AssumeRole), unexpired, with
 * their session token, are served. AssumeRole and GetCallerIdentity; the rest is InvalidAction.
 */

/** How far X-Amz-Date may be from now, as AWS allows. */
const CLOCK_SKEW_MS = 15 * 60 * 1000;
/** STS caps a session assumed with a role's credentials (role chaining) at one hour. */
const CHAINED_MAX_SECONDS = 3600;
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const POLICY_ARN = /^arn:aws[\w-]*:iam::(?:\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

interface Caller {
  readonly accessKeyId: string;
  readonly credentials: IssuedCredentials;
  readonly region: string;
}

export function sts(state: EmulatorState, req: ApiRequest): ApiResponse {
  const form = new URLSearchParams(req.rawBody ?? '');
  const caller = authenticate(state, req);
  if ('status' in caller) return caller;
  switch (form.get('Action')) {
    case 'AssumeRole':
      return assumeRole(state, form, caller);
    case 'GetCallerIdentity':
      return getCallerIdentity(caller.credentials.identity);
    default:
      return stsError('InvalidAction', 'Could not find operation for this action');
  }
}

/** The caller's credentials, or the error STS sends for a missing, wrong or expired signature. */
function authenticate(state: EmulatorState, req: ApiRequest): Caller | ApiResponse {
  if (!req.headers.authorization) {
    return stsError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
  const signed = parseAuthorization(req);
  if (!signed) {
    return stsError(
      'IncompleteSignature',
      'The request signature does not conform to AWS standards',
    );
  }
  const issued = state.issuedCredentials(signed.accessKeyId);
  if (!issued || req.headers['x-amz-security-token'] !== issued.sessionToken) {
    return stsError(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
  }
  const refusal = signatureRefusal(req, signed, issued);
  if (refusal) return refusal;
  if (issued.expiresAtMs <= Date.now()) {
    return stsError('ExpiredToken', 'The security token included in the request is expired');
  }
  return { accessKeyId: signed.accessKeyId, credentials: issued, region: signed.region };
}

function signatureRefusal(
  req: ApiRequest,
  signed: SignedRequest,
  issued: IssuedCredentials,
): ApiResponse | undefined {
  if (signed.service !== 'sts') {
    return stsError(
      'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'sts'.",
    );
  }
  if (!signatureMatches(req, signed, issued.secretAccessKey)) {
    return stsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  if (Math.abs(Date.now() - signedAtMs(signed)) > CLOCK_SKEW_MS) {
    return stsError(
      'SignatureDoesNotMatch',
      'Signature expired: the request time is too far from now',
    );
  }
  return undefined;
}

function assumeRole(state: EmulatorState, form: URLSearchParams, caller: Caller): ApiResponse {
  const roleArn = form.get('RoleArn') ?? '';
  const sessionName = form.get('RoleSessionName') ?? '';
  const invalid = invalidAssumeRole(form, roleArn, sessionName);
  if (invalid) return invalid;
  const durationSeconds = Number(form.get('DurationSeconds') ?? '3600');
  // Every credential the emulator issues is a role session, so every AssumeRole is chained.
  if (durationSeconds > CHAINED_MAX_SECONDS) {
    return stsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  const role = state.assumableRoles.get(roleArn);
  const externalId = form.get('ExternalId') ?? undefined;
  const callerArn = arnOf(caller.credentials.identity);
  if (!role || !trusts(role, caller.credentials.identity) || role.externalId !== externalId) {
    return stsError(
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  }
  const [, accountId = '', roleName = ''] = ROLE_ARN.exec(roleArn) ?? [];
  const identity = { kind: 'assumed-role', accountId, roleName, sessionName } as const;
  const cap = state.settings.assumedRoleTtlSeconds;
  const lifetime = cap === undefined ? durationSeconds : Math.min(durationSeconds, cap);
  const credentials = state.issueRoleCredentials(identity, lifetime);
  const policy = form.get('Policy') ?? undefined;
  state.assumeRoleRecords.push({
    roleArn,
    sessionName,
    durationSeconds,
    ...(externalId === undefined ? {} : { externalId }),
    ...(policy === undefined ? {} : { policy }),
    policyArns: policyArnsOf(form),
    callerArn,
    region: caller.region,
    accessKeyId: credentials.accessKeyId,
  });
  const expiration = new Date(credentials.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return stsResponse(
    'AssumeRole',
    `<AssumedRoleUser><AssumedRoleId>${roleId(roleArn)}:${escapeXml(sessionName)}</AssumedRoleId><Arn>${escapeXml(arnOf(identity))}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey><SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<PackedPolicySize>${policy ? randomInt(1, 50) : 0}</PackedPolicySize>`,
  );
}

/** The parameter checks STS makes before it looks at the role (ValidationError and friends). */
function invalidAssumeRole(
  form: URLSearchParams,
  roleArn: string,
  sessionName: string,
): ApiResponse | undefined {
  const validation = (message: string) =>
    stsError('ValidationError', `1 validation error detected: ${message}`);
  if (!ROLE_ARN.test(roleArn))
    return validation(`Value '${roleArn}' at 'roleArn' is not a role ARN`);
  if (!SESSION_NAME.test(sessionName)) {
    return validation(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const duration = form.get('DurationSeconds');
  if (
    duration !== null &&
    (!/^\d+$/.test(duration) || Number(duration) < 900 || Number(duration) > 43200)
  ) {
    return validation(
      `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  const policy = form.get('Policy');
  if (policy !== null && !isPolicyDocument(policy)) {
    return stsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
  const arns = policyArnsOf(form);
  if (arns.length > 10 || arns.some((arn) => !POLICY_ARN.test(arn))) {
    return validation("Value at 'policyArns' failed to satisfy constraint: at most 10 policy ARNs");
  }
  return undefined;
}

function isPolicyDocument(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** PolicyArns.member.1.arn, PolicyArns.member.2.arn, … in order. */
function policyArnsOf(form: URLSearchParams): string[] {
  const arns: string[] = [];
  for (let n = 1; form.has(`PolicyArns.member.${n}.arn`); n++) {
    arns.push(form.get(`PolicyArns.member.${n}.arn`) ?? '');
  }
  return arns;
}

function trusts(role: { trustedPermissionSets?: string[] }, identity: CredentialIdentity): boolean {
  if (!role.trustedPermissionSets) return true;
  return (
    identity.kind === 'permission-set' &&
    role.trustedPermissionSets.includes(`${identity.accountId}/${identity.roleName}`)
  );
}

function getCallerIdentity(identity: CredentialIdentity): ApiResponse {
  const arn = arnOf(identity);
  const session = identity.kind === 'assumed-role' ? identity.sessionName : 'emulator-user';
  return stsResponse(
    'GetCallerIdentity',
    `<Arn>${escapeXml(arn)}</Arn><UserId>${roleId(arn)}:${escapeXml(session)}</UserId><Account>${identity.accountId}</Account>`,
  );
}

/**
 * The session ARN: a permission set's role is AWSReservedSSO_NAME_SUFFIX (its session the user
 * name), an assumed role's is its own name and the session name asked for.
 */
function arnOf(identity: CredentialIdentity): string {
  if (identity.kind === 'assumed-role') {
    return `arn:aws:sts::${identity.accountId}:assumed-role/${identity.roleName}/${identity.sessionName}`;
  }
  const suffix = createHash('sha256').update(identity.roleName).digest('hex').slice(0, 16);
  return `arn:aws:sts::${identity.accountId}:assumed-role/AWSReservedSSO_${identity.roleName}_${suffix}/emulator-user`;
}

/** A stable role id (AROA + 17 characters) derived from the ARN. */
function roleId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest('hex').toUpperCase();
  return `AROA${digest.slice(0, 17)}`;
}
