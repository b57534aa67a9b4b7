import * as core from '@actions/core';
import { getWriteBack, type WriteBackSettings } from '../github-api/write-back-inputs.js';
import { noProxyFromEnvironment, parseProxyUrl, proxyFromEnvironment } from '../http/proxy.js';
import { DEFAULT_RETRY_POLICY } from '../http/retry.js';
import { Inputs } from '../runner/constants.js';
import { getRegion, getTimeLimitMs, getWholeNumber } from '../runner/input-readers.js';
import {
  maskInLogs,
  maskProxyCredentials,
  maskSecretInputs,
  type SecretSink,
} from '../runner/masking.js';
import { InputError, UserError } from '../shared/errors.js';
import { byCount } from '../shared/plural.js';
import { isRegion } from '../shared/validation.js';
import { describeSessionDefect } from '../sso/describe-problem.js';
import { problemOf } from '../sso/identity-center-error.js';
import { parseSsoSession, type SsoSession } from '../sso/session.js';
import type { TokenSource } from '../sso/token-source.js';

/**
 * The inputs both actions (main and list-accounts) take to reach IAM Identity Center: the token
 * source, its region, the retry budget and the proxy. One implementation, so that the two
 * cannot drift apart in what they accept or what they mask.
 */

export type { TokenSource } from '../sso/token-source.js';

export interface ProxySettings {
  readonly url: URL;
  /** Where it came from: the input or the variable's name. */
  readonly source: string;
  readonly noProxy: string;
}

export interface TokenSettings {
  readonly ssoRegion: string;
  readonly tokenSource: TokenSource;
  /** Total attempts per API call. */
  readonly maxAttempts: number;
  /** action-timeout-s: the whole step, every call and retry together, in ms. */
  readonly timeLimitMs?: number | undefined;
  /** The forward proxy for both services, from http-proxy or the environment. */
  readonly proxy?: ProxySettings | undefined;
  /** The token-handoff input: opened in the step (token-handoff.ts), not here. */
  readonly tokenHandoff?: string | undefined;
  /** Where a rotated refresh token is written back (update-secret), if anywhere. */
  readonly writeBack?: WriteBackSettings | undefined;
}

/** The inputs that carry secrets; masked before anything else runs. */
export const SECRET_INPUTS = [
  Inputs.AccessToken,
  Inputs.RefreshToken,
  Inputs.ClientId,
  Inputs.ClientSecret,
  Inputs.SsoSession,
  Inputs.GithubToken,
] as const;

/**
 * The first thing either action does: masks the secret inputs (and each secret member of an
 * sso-session document) and a proxy URL's credentials, before any input is even checked.
 */
export function maskTokenInputs(mask: SecretSink = maskInLogs): void {
  maskSecretInputs(SECRET_INPUTS, mask);
  maskProxyCredentials(core.getInput(Inputs.HttpProxy) || proxyFromEnvironment(), mask);
}

/** Reads and checks the token inputs; throws an error naming the first bad one. */
export function getTokenSettings(): TokenSettings {
  const tokenSource = getTokenSource();
  return {
    ssoRegion: getSsoRegion(tokenSource),
    tokenSource,
    maxAttempts: getMaxAttempts(),
    timeLimitMs: getTimeLimitMs(),
    proxy: getProxy(),
    tokenHandoff: getTokenHandoff(tokenSource),
    writeBack: getWriteBack(tokenSource),
  };
}

function getTokenSource(): TokenSource {
  const given = [Inputs.AccessToken, Inputs.RefreshToken, Inputs.SsoSession].filter((name) =>
    core.getInput(name),
  );
  if (given.length === 0) {
    checkClientInputsAlone();
    throw new UserError(
      `No token given: set one of '${Inputs.AccessToken}', '${Inputs.RefreshToken}' (with '${Inputs.ClientId}' and '${Inputs.ClientSecret}') or '${Inputs.SsoSession}'.`,
    );
  }
  if (given.length > 1) {
    throw new UserError(`Give only one token source; got '${given.join("' and '")}'.`);
  }
  checkClientInputs(given[0] === Inputs.RefreshToken);
  if (given[0] === Inputs.AccessToken) {
    return { kind: 'access-token', accessToken: core.getInput(Inputs.AccessToken) };
  }
  if (given[0] === Inputs.RefreshToken) {
    return {
      kind: 'refresh-token',
      refreshToken: core.getInput(Inputs.RefreshToken),
      clientId: core.getInput(Inputs.ClientId),
      clientSecret: core.getInput(Inputs.ClientSecret),
    };
  }
  return { kind: 'sso-session', session: readSsoSession() };
}

/** The sso-session document; what is wrong with it is an error about the input. */
function readSsoSession(): SsoSession {
  try {
    return parseSsoSession(core.getInput(Inputs.SsoSession));
  } catch (error) {
    const problem = problemOf(error);
    if (problem?.kind !== 'session-malformed') throw error;
    throw new InputError(Inputs.SsoSession, describeSessionDefect(problem.defect));
  }
}

/** Why a secret input is empty most of the time: `${{ secrets.NAME }}` of an unset or misspelt NAME. */
const UNSET =
  ' (a secret that is not set, or whose name is misspelt, reads as empty in the workflow)';

/**
 * client-id or client-secret without any token: the refresh token they belong with came empty.
 * Said so, rather than "no token given", as the workflow author did give one.
 */
function checkClientInputsAlone(): void {
  const given = [Inputs.ClientId, Inputs.ClientSecret].filter((name) => core.getInput(name));
  if (given.length === 0) return;
  throw new InputError(
    Inputs.RefreshToken,
    `is empty, but '${given.join("' and '")}' ${byCount(given.length, 'is', 'are')} set${UNSET}`,
  );
}

/** client-id and client-secret belong with refresh-token, and only there. */
function checkClientInputs(usingRefreshToken: boolean): void {
  for (const input of [Inputs.ClientId, Inputs.ClientSecret]) {
    const present = core.getInput(input) !== '';
    if (usingRefreshToken && !present) {
      throw new InputError(input, `is empty; it is required with '${Inputs.RefreshToken}'${UNSET}`);
    }
    if (!usingRefreshToken && present) {
      throw new InputError(
        input,
        `is used only with '${Inputs.RefreshToken}'; remove it or give a refresh token`,
      );
    }
  }
}

/** sso-region, or the sso-session document's region; when both are given they must agree. */
function getSsoRegion(source: TokenSource): string {
  const input = getRegion(Inputs.SsoRegion);
  const fromSession = source.kind === 'sso-session' ? source.session.region : undefined;
  if (fromSession !== undefined && !isRegion(fromSession)) {
    throw new InputError(Inputs.SsoSession, "has a 'region' that is not an AWS region name");
  }
  if (input && fromSession && input !== fromSession) {
    throw new InputError(
      Inputs.SsoRegion,
      `is '${input}' but the '${Inputs.SsoSession}' document's region is '${fromSession}'; they must agree`,
    );
  }
  const region = input ?? fromSession;
  if (!region) {
    const why =
      source.kind === 'sso-session' ? ` (the '${Inputs.SsoSession}' document has no 'region')` : '';
    throw new InputError(Inputs.SsoRegion, `is required${why}`);
  }
  return region;
}

/**
 * A handoff is sealed with the registration's client secret: the source must hold one. An
 * access-token source never does, so the combination is refused rather than ignored.
 */
function getTokenHandoff(source: TokenSource): string | undefined {
  const value = core.getInput(Inputs.TokenHandoff);
  if (!value) return undefined;
  if (source.kind === 'access-token') {
    throw new InputError(
      Inputs.TokenHandoff,
      `cannot be used with '${Inputs.AccessToken}': a handoff opens only with the client secret of the '${Inputs.RefreshToken}' or '${Inputs.SsoSession}' source that made it. Give that source here too, or remove '${Inputs.TokenHandoff}'`,
    );
  }
  if (source.kind === 'sso-session' && !source.session.clientSecret) {
    throw new InputError(
      Inputs.TokenHandoff,
      `needs the client secret to open, and the '${Inputs.SsoSession}' document has no 'clientSecret'. Give the document the handoff was made with, or remove '${Inputs.TokenHandoff}'`,
    );
  }
  return value;
}

const MAX_ATTEMPTS_LIMIT = 100;

/** A whole number of attempts; left empty, the default that the load test passes with. */
function getMaxAttempts(): number {
  return (
    getWholeNumber(Inputs.RetryMaxAttempts, MAX_ATTEMPTS_LIMIT) ?? DEFAULT_RETRY_POLICY.maxAttempts
  );
}

/** http-proxy, else HTTPS_PROXY / https_proxy / HTTP_PROXY / http_proxy; NO_PROXY applies to both. */
function getProxy(): ProxySettings | undefined {
  const input = core.getInput(Inputs.HttpProxy);
  const fromEnvironment = input ? undefined : proxyFromEnvironment();
  const value = input || fromEnvironment;
  if (!value) return undefined;
  const url = parseProxyUrl(value);
  const problem = 'must be an http:// or https:// proxy URL, e.g. http://proxy.example.com:3128';
  if (!url && input) throw new InputError(Inputs.HttpProxy, problem);
  if (!url)
    throw new UserError(`The proxy in the environment (HTTPS_PROXY or HTTP_PROXY) ${problem}.`);
  return {
    url,
    source: input ? Inputs.HttpProxy : 'environment',
    noProxy: noProxyFromEnvironment(),
  };
}
