import { execFileSync } from 'node:child_process';

/**
 * Another user of the machine, for the attacks a second user of a self-hosted runner's home can
 * make: created once (useradd, no home, no shell) and looked up by name. Needs root, as CI runs.
 */
export const OTHER_USER = 'aws-sso-hostile';

export function otherUser(): { readonly name: string; readonly uid: number } {
  const lookup = () => {
    try {
      return Number(execFileSync('id', ['-u', OTHER_USER], { encoding: 'utf8' }).trim());
    } catch {
      return undefined;
    }
  };
  let uid = lookup();
  if (uid === undefined) {
    try {
      execFileSync(
        'useradd',
        ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OTHER_USER],
        {
          stdio: 'ignore',
        },
      );
    } catch {
      // Another test file may have created it at the same moment.
    }
    uid = lookup();
  }
  if (uid === undefined) throw new Error(`could not create the user ${OTHER_USER} (needs root)`);
  return { name: OTHER_USER, uid };
}
