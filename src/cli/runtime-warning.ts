/**
 * The AWS SDK for JavaScript prints a nine-line NodeVersionSupportWarning on every run under
 * Node < 22: its releases after the first week of January 2027 will need Node 22. The releases
 * this tool bundles support Node 20 (their `engines` say >=20), so on the versions this tool
 * declares the warning only tells the person about a future that its lockfile does not reach.
 * The SDK's own switch turns it off (`@aws-sdk/core` emitWarningIfUnsupportedVersion).
 */

export const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** The oldest Node major this tool supports: package.json `engines`. */
export const OLDEST_SUPPORTED_NODE_MAJOR = 20;

/**
 * Turns the warning off on supported Node versions, unless the person set the switch themselves.
 * Below them it stays on: there it is news worth reading.
 */
export function silenceSdkNodeWarning(env: NodeJS.ProcessEnv, nodeVersion: string): void {
  const major = Number(/^v(\d+)\./.exec(nodeVersion)?.[1] ?? 0);
  if (major >= OLDEST_SUPPORTED_NODE_MAJOR && env[SDK_NODE_WARNING_SWITCH] === undefined) {
    env[SDK_NODE_WARNING_SWITCH] = 'true';
  }
}
