// Bundled by ncc from package.json at build time, so dist/cli/index.js needs no package.json beside it.
import packageJson from '../../package.json' with { type: 'json' };

/** The tool's version: package.json's, as built. */
export const VERSION: string = packageJson.version;
