import { leftOut } from './left-out.js';

/**
 * Stands in for @aws-sdk/credential-provider-node, the SDK's default AWS credential chain
 * (environment, SSO, INI, process, web identity, ECS and EC2 metadata, and the nested STS and
 * SSO clients behind them): about 300 KB. The SSO OIDC client imports it as its default, but
 * CreateToken, RegisterClient and StartDeviceAuthorization are unsigned and the SSO portal
 * takes a bearer token, so no AWS credentials are ever asked for.
 */
const REASON = 'IAM Identity Center calls are unsigned and need no AWS credentials';

/** Called when a client is built; the provider it returns is called only to sign a request. */
export const defaultProvider = () =>
  leftOut('@aws-sdk/credential-provider-node', 'credential provider', REASON);
