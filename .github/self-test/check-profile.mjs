// CI self-test, after the action's main step: the credentials are in the environment, and the
// profile resolves to them through the AWS SDK for JavaScript and, where the runner has it, the
// AWS CLI (botocore: on Windows it finds the home by other rules than the SDK). The user's other
// profile is still there. Usage: node .github/self-test/check-profile.mjs PROFILE REGION
import { execFileSync } from 'node:child_process';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { loadSharedConfigFiles } from '@smithy/core/config';

const [profile, region] = process.argv.slice(2);
const problems = [];
const check = (ok, problem) => {
  if (!ok) problems.push(problem);
};

const { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
check(
  keyId && AWS_SECRET_ACCESS_KEY && AWS_SESSION_TOKEN,
  'the credentials are not in the environment',
);
check(process.env.AWS_REGION === region, `AWS_REGION is ${process.env.AWS_REGION}, not ${region}`);

const sdk = await fromIni({ profile, ignoreCache: true })();
check(
  sdk.accessKeyId === keyId,
  `the JS SDK reads profile ${profile} as another key: ${sdk.accessKeyId}`,
);
const files = await loadSharedConfigFiles({ ignoreCache: true });
check(
  files.credentialsFile.other?.aws_access_key_id === 'AKIAOTHERPROFILE0000',
  "the user's [other] profile is gone",
);

/** The AWS CLI's answer, or undefined when this runner has no AWS CLI. */
function awsCli(...args) {
  try {
    return execFileSync('aws', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}
const exported = awsCli(
  'configure',
  'export-credentials',
  '--profile',
  profile,
  '--format',
  'process',
);
if (exported === undefined) {
  console.log(
    '::notice::This runner has no AWS CLI; the profile was checked with the JS SDK only.',
  );
} else {
  const cli = JSON.parse(exported).AccessKeyId;
  check(cli === keyId, `the AWS CLI reads profile ${profile} as another key: ${cli}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.log(`::error::${problem}`);
  process.exitCode = 1;
} else {
  console.log(
    `Profile ${profile} resolves to the step's credentials for the JS SDK${exported === undefined ? '' : ' and the AWS CLI'}.`,
  );
}
