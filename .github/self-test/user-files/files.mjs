// CI self-test: the user's own shared files, as a runner that keeps its home would have them,
// and where the AWS SDK looks for them (its own getHomeDir: HOME, USERPROFILE, HOMEDRIVE +
// HOMEPATH, the OS). The main step of this local action writes them before the action runs; its
// post step, which runs after the action's post step, checks they are back byte for byte.
import { EOL } from 'node:os';
import { join } from 'node:path';
import { getHomeDir } from '@smithy/core/config';

/** The profile the workflow asks for: a section of that name is already there, with the user's keys. */
export const PROFILE = 'self-test';

/** Line endings as the platform's editors write them (CRLF on Windows); no final newline. */
export const USER_CREDENTIALS = [
  '# my own profiles',
  `[${PROFILE}]`,
  'aws_access_key_id = AKIAUSEROWNKEY000000',
  'aws_secret_access_key = user-own-secret-key',
  '',
  '[other]',
  'aws_access_key_id = AKIAOTHERPROFILE0000',
  'aws_secret_access_key = other-secret-key',
].join(EOL);

export const USER_CONFIG = ['[default]', 'output = json', 'cli_pager ='].join(EOL) + EOL;

export function sharedFiles() {
  const aws = join(getHomeDir(), '.aws');
  return { directory: aws, credentials: join(aws, 'credentials'), config: join(aws, 'config') };
}
