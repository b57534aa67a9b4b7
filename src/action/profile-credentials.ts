import { Inputs } from '../runner/constants.js';
import type { SecretSink } from '../runner/masking.js';
import { UserError } from '../shared/errors.js';
import type { RoleCredentials } from '../sso/credentials.js';
import { PORTAL_CONCURRENCY } from '../sso/limits.js';
import type { AccessToken } from '../sso/token.js';
import { type TokenRequest, withTokenSession } from '../sso/token-session.js';
import { describeForWorkflow, PROFILE_VOCABULARY } from '../steps/vocabulary.js';
import { mapConcurrently } from '../time/concurrency.js';
import type { ProfileSpec } from './profiles.js';

export interface ProfileCredentials {
  readonly spec: ProfileSpec;
  readonly credentials: RoleCredentials;
}

export interface ObtainedProfiles {
  readonly token: AccessToken;
  /** In the order of the input's lines. */
  readonly profiles: readonly ProfileCredentials[];
}

/**
 * One token for the whole step, then GetRoleCredentials for every profile with at most
 * `concurrency` calls in flight (each under the retry policy, so throttling backs off). All or
 * nothing: the first profile that fails fails the step, named with its line.
 */
export async function obtainProfileCredentials(
  request: TokenRequest,
  specs: readonly ProfileSpec[],
  mask: SecretSink,
  concurrency: number = PORTAL_CONCURRENCY,
): Promise<ObtainedProfiles> {
  return withTokenSession(request, mask, async (session) => ({
    token: session.token,
    profiles: await mapConcurrently(specs, concurrency, async (spec) => {
      try {
        return { spec, credentials: await session.credentialsFor(spec) };
      } catch (error) {
        throw new UserError(
          `Profile '${spec.profile}' (line ${spec.line} of '${Inputs.Profiles}'): ${describeForWorkflow(error, PROFILE_VOCABULARY)}`,
        );
      }
    }),
  }));
}

/** The credentials that expire first: what the expiry warnings and outputs are about. */
export function earliestExpiring(
  profiles: readonly ProfileCredentials[],
): RoleCredentials | undefined {
  return profiles
    .map((profile) => profile.credentials)
    .reduce<RoleCredentials | undefined>(
      (first, next) => (!first || next.expiration < first.expiration ? next : first),
      undefined,
    );
}
