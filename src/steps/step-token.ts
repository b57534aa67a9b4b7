import type { AccessToken } from '../sso/token.js';
import type { TokenRequest } from '../sso/token-session.js';
import { stepClientOptions } from './client-options.js';
import { receiveHandoff } from './token-handoff.js';
import type { TokenSettings } from './token-inputs.js';

/**
 * The token request of an action step: its token source and client options, and the access
 * token handed over in `token-handoff` when that one can be used (otherwise the step refreshes,
 * after a warning saying why). `onToken` hears of the token as soon as it is resolved.
 */
export function stepTokenRequest(
  settings: TokenSettings,
  onToken?: (token: AccessToken) => void,
): TokenRequest {
  return {
    ssoRegion: settings.ssoRegion,
    tokenSource: settings.tokenSource,
    clientOptions: stepClientOptions(settings),
    givenToken: receiveHandoff(settings.tokenHandoff, settings.tokenSource),
    onToken,
  };
}
