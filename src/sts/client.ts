import { STSClient } from '@aws-sdk/client-sts';
// The bundle stands in for '@smithy/signature-v4' (bundle/stand-ins/): the IAM Identity Center
// calls are unsigned. STS calls are signed, so this lazy chunk takes the real signer by its file.
import { SignatureV4 } from '@smithy/signature-v4/dist-cjs/index.js';
import type { RetryPolicy } from '../http/retry.js';
import { type ClientOptions, createTransport } from '../sso/clients.js';
import type { RoleCredentials } from '../sso/credentials.js';

/** An STS client signing with one set of credentials, and the retry policy for its calls. */
export interface StsClient {
  readonly client: STSClient;
  readonly retry: RetryPolicy;
}

/**
 * The STS client of one region, signing with `credentials`. No `endpoint` is set, so the SDK
 * uses STS's regional endpoint (sts.REGION.amazonaws.com) and honours AWS_ENDPOINT_URL_STS;
 * the handler, its bounds, the proxy and the retries are the IAM Identity Center clients' own.
 */
export async function createStsClient(
  region: string,
  credentials: RoleCredentials,
  options: ClientOptions,
): Promise<StsClient> {
  const { requestHandler, retry } = await createTransport(options);
  const client = new STSClient({
    region,
    // retry.ts does the retries: one policy, one message.
    maxAttempts: 1,
    requestHandler,
    customUserAgent: 'aws-sso-credentials',
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration,
    },
    signerConstructor: SignatureV4,
  });
  return { client, retry };
}
