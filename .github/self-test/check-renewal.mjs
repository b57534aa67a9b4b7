// CI self-test, after a renew-credentials step: the job's tools get credentials by themselves, from
// what the step left them, not from keys in the environment. Checked with the AWS CLI the runner
// image ships, and with the AWS SDK for JavaScript where an image has no AWS CLI.
//   node .github/self-test/check-renewal.mjs profile NAME   renew-credentials: profile
//   node .github/self-test/check-renewal.mjs endpoint       renew-credentials: endpoint
import { execFileSync } from 'node:child_process';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { fromIni } from '@aws-sdk/credential-provider-ini';

const [mode, profile] = process.argv.slice(2);
const problems = [];
const check = (ok, problem) => {
  if (!ok) problems.push(problem);
};

/** The AWS CLI's credentials (`credential_process` JSON); undefined without an AWS CLI, null when it failed. */
function awsCliCredentials(...args) {
  try {
    const out = execFileSync('aws', ['configure', 'export-credentials', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    problems.push(`the AWS CLI failed: ${String(error.stderr ?? error.message).trim()}`);
    return null;
  }
}

/** Credentials that a tool can use now: a key, a secret, a token and an expiry to come. */
function checkUsable(who, credentials) {
  const expiry = Date.parse(credentials?.Expiration ?? credentials?.expiration ?? '');
  const key = credentials?.AccessKeyId ?? credentials?.accessKeyId;
  check(
    key && expiry > Date.now(),
    `${who} got no usable credentials (key ${key}, expiry ${expiry})`,
  );
  return key;
}

check(!process.env.AWS_ACCESS_KEY_ID, 'keys of an earlier step are still in the environment');

/** A provider's credentials, or undefined with the problem noted when it fails. */
async function fromProvider(who, provider) {
  try {
    return await provider();
  } catch (error) {
    problems.push(`${who} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

if (mode === 'profile') {
  check(
    process.env.AWS_PROFILE === profile,
    `AWS_PROFILE is ${process.env.AWS_PROFILE}, not ${profile}`,
  );
  const cli = awsCliCredentials('--profile', profile, '--format', 'process');
  if (cli !== undefined) checkUsable(`the AWS CLI (profile ${profile})`, cli);
  else {
    const who = `the JS SDK (profile ${profile})`;
    checkUsable(who, await fromProvider(who, fromIni({ profile, ignoreCache: true })));
  }
  report(cli, `profile ${profile} renews credentials from the sso-session and its token cache`);
} else if (mode === 'endpoint') {
  const uri = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '';
  const host = URL.canParse(uri) ? new URL(uri).hostname : '';
  check(
    !process.env.AWS_PROFILE,
    `AWS_PROFILE (${process.env.AWS_PROFILE}) would hide the endpoint`,
  );
  // Nothing is asked of an endpoint that is not on this machine.
  if (['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    const who = 'the JS SDK (the endpoint)';
    const direct = checkUsable(who, await fromProvider(who, fromHttp({})));
    const cli = awsCliCredentials('--format', 'process');
    if (cli !== undefined) {
      const key = checkUsable('the AWS CLI (default chain)', cli);
      check(key === direct, `the AWS CLI's key ${key} is not the endpoint's ${direct}`);
    }
    report(cli, 'the credential endpoint serves credentials');
  } else {
    problems.push(`AWS_CONTAINER_CREDENTIALS_FULL_URI (${uri}) is not loopback`);
  }
} else {
  problems.push('usage: check-renewal.mjs profile NAME | endpoint');
}

function report(cli, success) {
  if (cli === undefined)
    console.log('::notice::This runner has no AWS CLI; checked with the JS SDK only.');
  if (problems.length > 0) return;
  console.log(`${success}${cli ? ' (AWS CLI)' : ''}.`);
}

if (problems.length > 0) {
  for (const problem of problems) console.log(`::error::${problem}`);
  process.exitCode = 1;
}
