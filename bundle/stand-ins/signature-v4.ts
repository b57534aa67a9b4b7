import { leftOutClass } from './left-out.js';

/**
 * Stands in for @smithy/signature-v4, the SigV4 request signer: every operation this project
 * calls is declared `smithy.api#noAuth` (the signer would also need AWS credentials, which
 * the credential-provider-node stand-in never gives).
 */
export const SignatureV4 = leftOutClass(
  '@smithy/signature-v4',
  'SignatureV4',
  'every IAM Identity Center call this project makes is unsigned',
);
