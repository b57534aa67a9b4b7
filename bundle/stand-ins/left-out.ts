/**
 * What a stand-in does when called: it says which package was left out of the bundle and why,
 * and that reaching it is a bug. The stand-ins replace packages the AWS SDK and @actions/core
 * import for features this project never uses; bundle/tsconfig.paths.json maps them in for ncc
 * only (scripts/bundle.sh), so type checking and the unit tests see the real packages. The
 * integration, CLI and reliability suites run every path of the bundles with them in place.
 */
export class LeftOutOfBundleError extends Error {
  override readonly name = 'LeftOutOfBundleError';
}

/** A function that throws, named after what it stands in for. */
export function leftOut(
  pkg: string,
  member: string,
  reason: string,
): (...args: unknown[]) => never {
  return () => {
    throw new LeftOutOfBundleError(
      `${pkg} is left out of this build of aws-sso-credentials (${reason}), yet its ${member} was called. This is a bug: please report it.`,
    );
  };
}

/** A class that can be extended when the module loads but throws when constructed. */
export function leftOutClass(
  pkg: string,
  member: string,
  reason: string,
): new (
  ...args: unknown[]
) => object {
  const fail = leftOut(pkg, member, reason);
  return class {
    constructor() {
      fail();
    }
  };
}
