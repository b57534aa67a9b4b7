import type { IniSection } from '../disk/credentials-file.js';
import type { RoleChainSettings } from './role-chain-inputs.js';

/**
 * The chained role the way the AWS tools chain roles themselves: a config-file profile with
 * `role_arn` and `source_profile`, so that the AWS CLI, botocore and the SDKs assume the role
 * again, from the source profile's credentials, whenever theirs run out. For a source profile that
 * renews (renew-credentials), the chained credentials then renew too.
 *
 * Session policies (inline-session-policy, managed-session-policies) have no config-file key: a
 * profile written this way would assume the role without them, so a caller must refuse that
 * combination (`hasSessionPolicies`).
 */
export function chainedProfileSection(
  profile: string,
  chain: RoleChainSettings,
  sourceProfile: string,
  stepId: string,
): IniSection {
  const ownerLine = `# written by aws-sso-credentials (${stepId}); its post step removes it`;
  const settings = chainedProfileSettings(chain, sourceProfile);
  return {
    name: profile === 'default' ? 'default' : `profile ${profile}`,
    lines: [ownerLine, ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`)],
    ownerLine,
    mergeKeys: [...CHAIN_KEYS],
  };
}

/** The keys a chained profile sets; a section that is already there keeps its other settings. */
const CHAIN_KEYS = [
  'role_arn',
  'source_profile',
  'role_session_name',
  'duration_seconds',
  'external_id',
] as const;

/**
 * The settings of the chained profile. Every value passed its input's format check (no line
 * break, `=` only where an ARN or id allows it), so each is one INI value as it stands.
 */
export function chainedProfileSettings(
  chain: RoleChainSettings,
  sourceProfile: string,
): Partial<Record<(typeof CHAIN_KEYS)[number], string>> {
  return {
    role_arn: chain.roleArn,
    source_profile: sourceProfile,
    role_session_name: chain.sessionName,
    duration_seconds: String(chain.durationSeconds),
    ...(chain.externalId ? { external_id: chain.externalId } : {}),
  };
}

/** Whether the chain narrows its session with policies, which a chained profile cannot carry. */
export function hasSessionPolicies(chain: RoleChainSettings): boolean {
  return chain.inlinePolicy !== undefined || chain.managedPolicyArns.length > 0;
}
