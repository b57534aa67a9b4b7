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
} as const;

/** Keys the main step saves for the post step (read back as STATE_<key>). */
export const StateKeys = {
  ProfileName: 'profile-name',
  CredentialsFile: 'credentials-file',
  AccessKeyId: 'profile-access-key-id',
  CreatedFile: 'created-credentials-file',
  AddedNewline: 'added-trailing-newline',
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
} as const;

/** A cached access token is used only while it has at least this long left (the JS SDK's own window). */
export const ACCESS_TOKEN_REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** Warn when the client registration expires sooner than this. */
export const REGISTRATION_WARNING_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** The command that mints new token secrets; named in every "get a new token" hint. */
export const LOGIN_HINT =
  'mint new token secrets with `aws-sso-credentials login` (README, "Get the secrets") and replace the stored ones';
