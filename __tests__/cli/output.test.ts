import { execFile } from 'node:child_process';
import { expect, test } from '@jest/globals';
import { formatCredentials, shellQuote } from '../../src/cli/output.js';

/** The env format must survive a shell whatever the values hold. */

const sh = (script: string) =>
  new Promise<string>((resolve, reject) => {
    execFile('/bin/sh', ['-c', script], (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

test.each([
  ['plain', 'ASIAEXAMPLE'],
  ['slashes and pluses', 'wJalr/K7MDENG+bPxRfiCY'],
  ['a quote', "it's"],
  ['shell syntax', '$(touch /tmp/x) `id` "$HOME" \\ ; |'],
])('shellQuote keeps %s literal', async (_name, value) => {
  expect(await sh(`printf '%s' ${shellQuote(value)}`)).toBe(value);
});

test('the env format is a script a POSIX shell can source', async () => {
  const credentials = {
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: "se'cret/+",
    sessionToken: 'IQoJb3JpZ2lu$token',
    expiration: new Date('2026-11-26T09:00:00Z'),
  };
  const script = formatCredentials(credentials, 'env', { accountId: '1', roleName: 'R' });
  const printed = await sh(
    `${script}printf '%s|%s|%s|%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`,
  );
  expect(printed).toBe("ASIAEXAMPLE|se'cret/+|IQoJb3JpZ2lu$token|2026-11-26T09:00:00.000Z");
});
