/** Environment variables the AWS SDKs and CLI read. */
export const AwsEnv = {
  AccessKeyId: 'AWS_ACCESS_KEY_ID',
  SecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  SessionToken: 'AWS_SESSION_TOKEN',
  CredentialExpiration: 'AWS_CREDENTIAL_EXPIRATION',
  Profile: 'AWS_PROFILE',
  Region: 'AWS_REGION',
  DefaultRegion: 'AWS_DEFAULT_REGION',
  SharedCredentialsFile: 'AWS_SHARED_CREDENTIALS_FILE',
  ConfigFile: 'AWS_CONFIG_FILE',
} as const;
