/**
 * The real SigV4 signer by its file (src/sts/client.ts): the bundle maps the package name
 * '@smithy/signature-v4' to a stand-in (tsconfig.paths.json), but not this path, so only the
 * STS chunk carries the signer. The types are the package's own.
 */
declare module '@smithy/signature-v4/dist-cjs/index.js' {
  export { SignatureV4 } from '@smithy/signature-v4';
}
