import * as core from '@actions/core';
import { Inputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { InputError } from '../shared/errors.js';
import { canRefresh } from '../sso/session.js';
import type { TokenSettings } from '../steps/token-inputs.js';

/**
 * renew-credentials: the job's tools get credentials that renew instead of static keys. `endpoint`
 * (and `true`): a detached process on 127.0.0.1 serves them (src/endpoint/), the session stays in
 * its memory. `profile`: the session itself goes to the config file and the token cache, for tools
 * in containers that mount ~/.aws.
 */
export type RenewalSettings = EndpointRenewal | ProfileRenewal;

export interface EndpointRenewal extends CommonRenewal {
  readonly mode: 'endpoint';
}

export interface ProfileRenewal extends CommonRenewal {
  readonly mode: 'profile';
  /** The AWS access portal URL the sso-session section carries (the SDKs refuse one without). */
  readonly startUrl: string;
}

interface CommonRenewal {
  /**
   * False with token-handoff: a job of a matrix gets the access token only, so that no two jobs
   * refresh (and rotate) one refresh token.
   */
  readonly holdsRefreshToken: boolean;
}

/**
 * An https URL as it may stand in an INI value: no spaces, no `#` or `;` (some parsers take what
 * follows for a comment), no quotes or controls. The portal URL is host and path only.
 */
const START_URL =
  /^https:\/\/[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[A-Za-z0-9._~%/+=@!$&()*,:-]*)?$/;
const MAX_START_URL_LENGTH = 512;

const RENEW_VALUES = {
  endpoint: 'endpoint',
  profile: 'profile',
  true: 'endpoint',
  True: 'endpoint',
  TRUE: 'endpoint',
  false: undefined,
  False: undefined,
  FALSE: undefined,
  // Empty only where the runner's default (false) was not filled in: a unit test, an old runner.
  '': undefined,
} as const;

/** renew-credentials: `endpoint` | `profile` | `true` (= endpoint) | `false`. */
export function getRenewalMode(): 'endpoint' | 'profile' | undefined {
  const value = core.getInput(Inputs.RenewCredentials);
  if (!Object.hasOwn(RENEW_VALUES, value)) {
    throw new InputError(
      Inputs.RenewCredentials,
      'must be endpoint, profile, true (the same as endpoint) or false',
    );
  }
  return RENEW_VALUES[value as keyof typeof RENEW_VALUES];
}

/**
 * A `container:` job runs each step through `docker exec`, with the runner's directories mounted
 * at /__w (work, RUNNER_TEMP) and /__e (externals, the node that runs this step). A process the
 * step leaves behind there is not proven to outlive the step, so such a job gets `profile`.
 */
export function inContainerJob(
  env: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
): boolean {
  const mounted = (path: string | undefined) => path?.startsWith('/__w/') === true;
  return execPath.startsWith('/__e/') || mounted(env.RUNNER_TEMP) || mounted(env.GITHUB_WORKSPACE);
}

/**
 * Reads renew-credentials and sso-start-url; undefined when renewal is off. Every refusal comes
 * before any request and names the input.
 */
export function getRenewal(token: TokenSettings): RenewalSettings | undefined {
  const given = core.getInput(Inputs.SsoStartUrl);
  let mode = getRenewalMode();
  const fellBack = mode === 'endpoint' && inContainerJob();
  if (fellBack) {
    log.warning(
      `'${Inputs.RenewCredentials}: endpoint' falls back to 'profile' in this container job: each step runs through \`docker exec\`, and a credential endpoint the step leaves behind is not known to outlive it there. The session goes to the config file and the token cache instead (docs/long-jobs.md).`,
    );
    mode = 'profile';
  }
  if (!mode) {
    if (given) {
      throw new InputError(
        Inputs.SsoStartUrl,
        `is used only with '${Inputs.RenewCredentials}'; remove it or turn renewal on`,
      );
    }
    return undefined;
  }
  const { tokenSource } = token;
  if (tokenSource.kind === 'sso-session' && !canRefresh(tokenSource.session)) {
    throw new InputError(
      Inputs.SsoSession,
      `has no refresh token (with its 'clientId' and 'clientSecret'), which '${Inputs.RenewCredentials}' needs to keep the job's credentials alive; give a session document from \`aws-sso-credentials login\`, or turn renewal off`,
    );
  }
  const holdsRefreshToken = tokenSource.kind !== 'access-token' && token.tokenHandoff === undefined;
  // The endpoint needs no portal URL (nothing is written for the SDKs to renew from): a given one is unused.
  if (mode === 'endpoint') return { mode, holdsRefreshToken };
  const fromSession = tokenSource.kind === 'sso-session' ? tokenSource.session.startUrl : undefined;
  if (fellBack && !given && !fromSession) {
    throw new InputError(
      Inputs.SsoStartUrl,
      `is required in a container job, where '${Inputs.RenewCredentials}: endpoint' falls back to 'profile' (the AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start)`,
    );
  }
  return { mode, startUrl: startUrl(given, fromSession), holdsRefreshToken };
}

/** sso-start-url, or the session document's startUrl; when both are given they must agree. */
function startUrl(input: string, fromSession: string | undefined): string {
  if (input && fromSession && input !== fromSession) {
    throw new InputError(
      Inputs.SsoStartUrl,
      `differs from the '${Inputs.SsoSession}' document's startUrl; give one of them, or the same URL in both`,
    );
  }
  const url = input || fromSession;
  if (!url) {
    throw new InputError(
      Inputs.SsoStartUrl,
      `is required with '${Inputs.RenewCredentials}' (the AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start): the AWS SDKs refuse an sso-session without one`,
    );
  }
  if (url.length > MAX_START_URL_LENGTH || !START_URL.test(url)) {
    throw new InputError(
      input ? Inputs.SsoStartUrl : Inputs.SsoSession,
      `${input ? 'must be' : 'has a startUrl that is not'} the AWS access portal URL: https://, host and path, without spaces, '#' or ';' (e.g. https://d-1234567890.awsapps.com/start)`,
    );
  }
  return url;
}
