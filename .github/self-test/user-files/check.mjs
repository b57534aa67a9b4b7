// Post step (it runs after the action's post step): the user's files are back byte for byte.
import { readFileSync } from 'node:fs';
import { sharedFiles, USER_CONFIG, USER_CREDENTIALS } from './files.mjs';

const files = sharedFiles();
const problems = [];
for (const [file, expected] of [
  [files.credentials, USER_CREDENTIALS],
  [files.config, USER_CONFIG],
]) {
  let actual;
  try {
    actual = readFileSync(file, 'latin1');
  } catch (error) {
    problems.push(`${file} cannot be read: ${error.code ?? error.message}`);
    continue;
  }
  if (actual !== expected) {
    problems.push(`${file} is not as it was before the job: ${JSON.stringify(actual)}`);
  }
}
if (problems.length > 0) {
  for (const problem of problems) console.log(`::error::${problem}`);
  process.exitCode = 1;
} else {
  console.log(
    `The action's post step put ${files.credentials} and ${files.config} back byte for byte.`,
  );
}
