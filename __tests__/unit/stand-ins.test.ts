import { describe, expect, test } from '@jest/globals';
import { exec, getExecOutput } from '../../bundle/stand-ins/actions-exec.js';
import { HttpClient } from '../../bundle/stand-ins/actions-http-client.js';
import { BearerCredentialHandler } from '../../bundle/stand-ins/actions-http-client-auth.js';
import { defaultProvider } from '../../bundle/stand-ins/credential-provider-node.js';
import {
  EventStreamSerde,
  eventStreamSerdeProvider,
} from '../../bundle/stand-ins/event-streams.js';
import { LeftOutOfBundleError } from '../../bundle/stand-ins/left-out.js';
import { SignatureV4 } from '../../bundle/stand-ins/signature-v4.js';

/**
 * The stand-ins the bundles carry instead of packages no code path runs (bundle/stand-ins/):
 * whatever reaches one fails at once with an error that names the package and calls it a bug,
 * never silently. That nothing reaches them is proved by the suites that run the bundles
 * (see __tests__/bundle/bundle.test.ts).
 */

const BUG =
  /is left out of this build of aws-sso-credentials \(.+\), yet its .+ was called\. This is a bug: please report it\./;

describe('stand-ins', () => {
  test('the credential chain: building a client is fine, asking it for credentials throws', () => {
    const provider = defaultProvider();
    expect(() => provider()).toThrow(LeftOutOfBundleError);
    expect(() => provider()).toThrow(/^@aws-sdk\/credential-provider-node /);
    expect(() => provider()).toThrow(BUG);
  });

  test('the SigV4 signer can be referenced but not constructed', () => {
    expect(() => new SignatureV4()).toThrow(/^@smithy\/signature-v4 .*SignatureV4 was called/);
    expect(() => new SignatureV4()).toThrow(BUG);
  });

  test('the event stream serde: a subclass loads, constructing it throws', () => {
    class Extended extends EventStreamSerde {}
    expect(() => new Extended()).toThrow(/^@smithy\/core\/event-streams /);
    expect(() => eventStreamSerdeProvider()).toThrow(BUG);
  });

  test("@actions/core's ID-token client: constructing it throws, naming getIDToken", () => {
    expect(() => new HttpClient('actions/oidc-client')).toThrow(
      /^@actions\/http-client .*\(neither action requests an OIDC ID token \(@actions\/core's getIDToken\)\), yet its HttpClient was called/,
    );
    expect(() => new BearerCredentialHandler('token')).toThrow(
      /^@actions\/http-client\/lib\/auth .*BearerCredentialHandler was called/,
    );
    expect(() => new HttpClient()).toThrow(BUG);
  });

  test('@actions/exec: running a program throws', () => {
    expect(() => exec('lsb_release')).toThrow(/^@actions\/exec .*exec was called/);
    expect(() => getExecOutput('sw_vers')).toThrow(/^@actions\/exec .*getExecOutput was called/);
    expect(() => getExecOutput('lsb_release')).toThrow(BUG);
  });

  test('the error is a LeftOutOfBundleError', () => {
    try {
      new SignatureV4();
    } catch (error) {
      expect(error).toBeInstanceOf(LeftOutOfBundleError);
      expect((error as Error).name).toBe('LeftOutOfBundleError');
    }
    expect.assertions(2);
  });
});
