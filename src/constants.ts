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
  /** list-accounts only. */
  AccountFilter: 'account-filter',
  RoleFilter: 'role-filter',
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
  /** list-accounts only. */
  Matrix: 'matrix',
  Accounts: 'accounts',
  Count: 'count',
} as const;

/** Keys the main step saves for the post step (read back as STATE_<key>). */
export const StateKeys = {
  /** JSON: the sections written to each file (credentials-file.ts WrittenFile[]). */
  WrittenFiles: 'written-files',
} as const;

/** Environment variables the AWS SDKs and CLI read. */
export const AwsEnv = {
  AccessKeyId: 'AWS_ACCESS_KEY_ID',
  SecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  SessionToken: 'AWS_SESSION_TOKEN',
  CredentialExpiration: 'AWS_CREDENTIAL_EXPIRATION',
  Region: 'AWS_REGION',
  DefaultRegion: 'AWS_DEFAULT_REGION',
  SharedCredentialsFile: 'AWS_SHARED_CREDENTIALS_FILE',
  ConfigFile: 'AWS_CONFIG_FILE',
} as const;

/**
 * Portal calls in flight at once for profiles and for ListAccountRoles: 50 profiles at 200 ms per
 * call take about 1.6 s instead of 10 s (`npm run bench`), while a burst stays small enough for
 * the portal's throttling (and what is throttled is retried with backoff anyway).
 */
export const PORTAL_CONCURRENCY = 8;

/** GitHub runs at most 256 jobs per matrix; a longer list fails instead of being cut short. */
export const MATRIX_LIMIT = 256;

/** A cached access token is used only while it has at least this long left (the JS SDK's own window). */
export const ACCESS_TOKEN_REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** Warn when the client registration expires sooner than this. */
export const REGISTRATION_WARNING_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** The command that mints new token secrets; named in every "get a new token" hint. */
export const LOGIN_HINT =
  'mint new token secrets with `aws-sso-credentials login` (README, "Get the secrets") and replace the stored ones';
