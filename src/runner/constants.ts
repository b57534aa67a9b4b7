/** Input names exactly as declared in action.yml. */
export const Inputs = {
  AccountId: 'account-id',
  RoleName: 'role-name',
  SsoRegion: 'sso-region',
  AccessToken: 'access-token',
  RefreshToken: 'refresh-token',
  ClientId: 'client-id',
  ClientSecret: 'client-secret',
  SsoSession: 'sso-session',
  AwsRegion: 'aws-region',
  ExportEnv: 'export-env',
  OutputCredentials: 'output-credentials',
  Profile: 'profile',
  MaskAccountId: 'mask-account-id',
  RetryMaxAttempts: 'retry-max-attempts',
  HttpProxy: 'http-proxy',
  Profiles: 'profiles',
  TokenHandoff: 'token-handoff',
  UpdateSecret: 'update-secret',
  UpdateSecretEnvironment: 'update-secret-environment',
  GithubToken: 'github-token',
  ActionTimeoutS: 'action-timeout-s',
  RoleToAssume: 'role-to-assume',
  RoleSessionName: 'role-session-name',
  RoleDurationSeconds: 'role-duration-seconds',
  RoleExternalId: 'role-external-id',
  InlineSessionPolicy: 'inline-session-policy',
  ManagedSessionPolicies: 'managed-session-policies',
  AllowedAccountIds: 'allowed-account-ids',
  UnsetCurrentCredentials: 'unset-current-credentials',
  RenewCredentials: 'renew-credentials',
  SsoStartUrl: 'sso-start-url',
  /** list-accounts only. */
  AccountFilter: 'account-filter',
  RoleFilter: 'role-filter',
  GroupSize: 'group-size',
} as const;

/** Output names exactly as declared in action.yml. */
export const Outputs = {
  AccountId: 'aws-account-id',
  Expiration: 'expiration',
  ExpirationEpoch: 'expiration-epoch',
  AccessTokenExpiration: 'access-token-expiration',
  AccessKeyId: 'aws-access-key-id',
  SecretAccessKey: 'aws-secret-access-key',
  SessionToken: 'aws-session-token',
  RefreshToken: 'refresh-token',
  SsoSession: 'sso-session',
  Profiles: 'profiles',
  TokenHandoff: 'token-handoff',
  SessionExpiration: 'session-expiration',
  /** list-accounts only. */
  Matrix: 'matrix',
  Accounts: 'accounts',
  Count: 'count',
  Pairs: 'pairs',
} as const;

/** Keys the main step saves for the post step (read back as STATE_<key>). */
export const StateKeys = {
  /**
   * JSON `{ path, sha256 }`: the 0600 file under RUNNER_TEMP that holds what the main step wrote
   * (credentials-file.ts WrittenFile[]), and its hash (action/state.ts).
   */
  StateFile: 'state-file',
  /**
   * JSON: the credential endpoint's port, control and seal secrets, log file and pid
   * (renew-credentials: endpoint; action/endpoint.ts). Only the post step sees it.
   */
  Endpoint: 'endpoint',
} as const;

/** GitHub runs at most 256 jobs per matrix; a longer list fails instead of being cut short. */
export const MATRIX_LIMIT = 256;

/** Warn when the client registration expires sooner than this. */
export const REGISTRATION_WARNING_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
