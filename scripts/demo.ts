/**
 * End to end, as a newcomer sees it: the loopback IAM Identity Center emulator, the bundled
 * action run the way the GitHub runner runs it (Node 24, INPUT_* variables, runner files),
 * the credentials arriving in the job environment, and the post step cleaning up.
 * Run with `npm run demo`. Secrets are shortened before they are printed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeVersion } from '../__tests__/support/node24.js';
import { runAction } from '../__tests__/support/runner.js';
import { IdentityCenterEmulator } from '../emulator/index.js';

/** "ASIA…(20 chars)": enough to recognise a value, never the value. */
function shorten(value: string): string {
  return value.length > 12 ? `${value.slice(0, 4)}…(${value.length} chars)` : '***';
}

function heading(text: string): void {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

async function main(): Promise<void> {
  const emulator = await IdentityCenterEmulator.start();
  try {
    heading(`IAM Identity Center emulator listening on ${emulator.url}`);
    const session = emulator.seedSession();
    console.log(`seeded a session for ${session.startUrl} (${session.region})`);
    console.log(`client registration expires ${session.registrationExpiresAt.toISOString()}`);

    heading(`running dist/main/index.js under Node ${nodeVersion()} as the runner does`);
    const inputs = {
      'sso-region': session.region,
      'refresh-token': session.refreshToken ?? '',
      'client-id': session.clientId,
      'client-secret': session.clientSecret,
      'account-id': '111111111111',
      'role-name': 'ReadOnly',
      'aws-region': 'eu-west-1',
      profile: 'demo',
    };
    console.log(
      'with:',
      Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [
          k,
          k.includes('token') || k.startsWith('client') ? shorten(v) : v,
        ]),
      ),
    );
    const env = { AWS_ENDPOINT_URL_SSO: emulator.url, AWS_ENDPOINT_URL_SSO_OIDC: emulator.url };
    const result = await runAction({ inputs, env });

    heading(`job log (masks applied, as GitHub shows it) — exit code ${result.exitCode}`);
    for (const line of result.log) console.log(`  ${line}`);

    heading('exported to the job (GITHUB_ENV)');
    for (const [name, value] of Object.entries(result.env)) {
      console.log(`  ${name}=${/KEY|TOKEN/.test(name) ? shorten(value) : value}`);
    }
    heading('outputs (GITHUB_OUTPUT)');
    for (const [name, value] of Object.entries(result.outputs)) {
      console.log(
        `  ${name}=${name.includes('token') && !name.includes('expiration') ? shorten(value) : value}`,
      );
    }
    heading(`profile [demo] in ${join(result.home, '.aws', 'credentials')}`);
    const profile = await readFile(join(result.home, '.aws', 'credentials'), 'utf8');
    for (const line of profile.trimEnd().split('\n'))
      console.log(`  ${line.replace(/= (.+)$/, (_m, v: string) => `= ${shorten(v)}`)}`);

    heading('step summary (GITHUB_STEP_SUMMARY)');
    for (const [, item, value] of result.summary.matchAll(
      /<tr><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g,
    )) {
      console.log(`  ${item}: ${value}`);
    }

    heading('what the emulator saw');
    for (const request of emulator.requests)
      console.log(`  ${request.status} ${request.method} ${request.path}`);

    heading('post step');
    const post = await result.runPost();
    for (const line of post.log) console.log(`  ${line}`);
    const arrived = Boolean(
      result.env.AWS_ACCESS_KEY_ID &&
        result.env.AWS_SECRET_ACCESS_KEY &&
        result.env.AWS_SESSION_TOKEN,
    );
    heading(arrived ? 'credentials arrived ✔' : 'credentials did NOT arrive ✘');
    process.exitCode = arrived && post.exitCode === 0 ? 0 : 1;
  } finally {
    await emulator.stop();
  }
}

await main();
