/**
 * What each bundle may weigh (issue "Start-up diet"), in kB of 1000 bytes. Sizes are
 * deterministic, so a test asserts them (__tests__/bundle/bundle.test.ts) and `npm run bench`
 * prints them next to the limits; times are only measured, never asserted.
 */
export interface BundleLimit {
  /** The folder under dist/. */
  readonly name:
    | 'main'
    | 'main/sts'
    | 'main/endpoint'
    | 'main/credential-process'
    | 'post'
    | 'list-accounts'
    | 'cli';
  /**
   * `start-up`: index.js alone, the file Node parses when the step starts (lazy chunks, such
   * as the proxy agents, load only when used); `all`: every JavaScript file of the folder.
   */
  readonly measure: 'start-up' | 'all';
  readonly limitKb: number;
}

export const BUNDLE_LIMITS: readonly BundleLimit[] = [
  // Its lazy chunks (the proxy agent; the write-back's libsodium, 445 kB) load only when used.
  // @actions/core is in it, its ID-token client and @actions/exec are stand-ins (issue 18).
  // 340 since issues 22-23 (335 kB then): the bounded reader and directory checks, the lock
  // rules, withholding by pieces, the credential bounds and the renewal modes are on every path;
  // the endpoint's launcher is a lazy chunk.
  { name: 'main', measure: 'start-up', limitKb: 340 },
  // role-to-assume's STS client and SigV4 signer, bundled on its own: loaded only for a chain.
  { name: 'main/sts', measure: 'all', limitKb: 360 },
  // renew-credentials: endpoint: the detached endpoint (both IAM Identity Center clients; STS
  // through '#sts' only for a chain) and the credential_process client (Node built-ins, the
  // bounded reader for its address file and the neutraliser for what it prints: 7 kB).
  { name: 'main/endpoint', measure: 'all', limitKb: 320 },
  { name: 'main/credential-process', measure: 'all', limitKb: 8 },
  // @actions/core (about 9 kB) at start-up. Its lazy chunk (renew-credentials' closing of the
  // session: token inputs, the write-back and its libsodium) loads only when the main step gave
  // the job a session. 50 since issue 22: every file is read back through the bounded reader,
  // and the post step has a deadline of its own over its reads and lock waits (47 kB then).
  { name: 'post', measure: 'start-up', limitKb: 50 },
  // Its lazy chunks (the proxy agent; the write-back's libsodium, 445 kB) load only when used.
  { name: 'list-accounts', measure: 'start-up', limitKb: 500 },
  { name: 'cli', measure: 'all', limitKb: 500 },
];
