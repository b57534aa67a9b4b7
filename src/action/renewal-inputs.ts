import * as core from '@actions/core';
import { Inputs } from '../runner/constants.js';
import { getBoolean } from '../runner/input-readers.js';
import { InputError } from '../shared/errors.js';
import { canRefresh } from '../sso/session.js';
import type { TokenSettings } from '../steps/token-inputs.js';

/** renew-credentials: the job gets a live IAM Identity Center session instead of static keys. */
export interface RenewalSettings {
  /** The AWS access portal URL the sso-session section carries (the SDKs refuse one without). */
  readonly startUrl: string;
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

/**
 * Reads renew-credentials and sso-start-url; undefined when renewal is off. Every refusal comes
 * before any request and names the input.
 */
export function getRenewal(token: TokenSettings): RenewalSettings | undefined {
  const given = core.getInput(Inputs.SsoStartUrl);
  // Empty only where the runner's default (false) was not filled in: a unit test, an old runner.
  const renew =
    core.getInput(Inputs.RenewCredentials) !== '' && getBoolean(Inputs.RenewCredentials);
  if (!renew) {
    if (given) {
      throw new InputError(
        Inputs.SsoStartUrl,
        `is used only with '${Inputs.RenewCredentials}: true'; remove it or turn renewal on`,
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
  return {
    startUrl: startUrl(
      given,
      tokenSource.kind === 'sso-session' ? tokenSource.session.startUrl : undefined,
    ),
    holdsRefreshToken: tokenSource.kind !== 'access-token' && token.tokenHandoff === undefined,
  };
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
