/**
 * The real clients the tests run beside the JS SDK v3 (an npm package, always here): the AWS CLI
 * v2 and botocore. One place finds them, and one policy applies when one is missing: outside CI
 * its checks are skipped, saying why; in CI (`CI` set, as by .ci/run and GitHub Actions) they fail
 * naming what is missing, so that no CI run passes without them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { test } from '@jest/globals';

export type RealClient = 'AWS CLI v2' | 'botocore' | 'JS SDK v3';

/** Python lines that import botocore, also from the AWS CLI v2 of Debian (`import awscli` first). */
export const IMPORT_BOTOCORE = [
  'try:',
  '    import botocore.session',
  'except ImportError:',
  '    import awscli',
  '    import botocore.session',
].join('\n');

const memo = <T>(find: () => T): (() => T) => {
  let found: { value: T } | undefined;
  return () => {
    found ??= { value: find() };
    return found.value;
  };
};

const isCliV2 = (path: string) =>
  existsSync(path) &&
  /^aws-cli\/2\./.test(
    spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 }).stdout ?? '',
  );

/**
 * The AWS CLI v2: AWS_CLI when set, else the first `aws` of version 2 in /usr/bin (Debian's),
 * /usr/local/bin (GitHub's runners) or PATH (where a pyenv may put a v1 first).
 */
const foundAwsCli = memo((): { path: string; problem?: string } => {
  const chosen = process.env.AWS_CLI;
  if (chosen)
    return isCliV2(chosen)
      ? { path: chosen }
      : { path: chosen, problem: `${chosen} is not the AWS CLI v2` };
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'aws'));
  const path = ['/usr/bin/aws', '/usr/local/bin/aws', ...onPath].find(isCliV2);
  return path ? { path } : { path: '/usr/bin/aws', problem: 'no AWS CLI v2 (AWS_CLI names one)' };
});

/** The AWS CLI v2 to run. */
export const awsCli = (): string => foundAwsCli().path;

/** Why the AWS CLI v2 cannot run here, or undefined. */
export const awsCliProblem = (): string | undefined => foundAwsCli().problem;

/**
 * A Python that imports botocore: BOTOCORE_PYTHON when set, else `python3` with a botocore of its
 * own, else Debian's Python with the AWS CLI v2's (that older botocore ignores the endpoint
 * variables: it reaches the emulator through a TLS interceptor, support/tls-interceptor.ts).
 */
export const botocorePython = memo((): string | undefined => {
  const chosen = process.env.BOTOCORE_PYTHON;
  for (const python of [...(chosen ? [chosen] : []), 'python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', IMPORT_BOTOCORE], { stdio: 'ignore', timeout: 60_000 });
      return python;
    } catch {
      // try the next
    }
  }
  return undefined;
});

/** Why `client` cannot run here, or undefined. */
export function missingClient(client: RealClient): string | undefined {
  if (client === 'AWS CLI v2') return awsCliProblem();
  if (client === 'botocore' && !botocorePython()) {
    return 'no Python that imports botocore (python3, or Debian’s with the AWS CLI v2)';
  }
  return undefined;
}

const inCi = () => Boolean(process.env.CI);
const noted = new Set<string>();
const note = (problem: string) => {
  if (!noted.has(problem))
    console.warn(`${problem}: the checks that need it are skipped (in CI they fail).`);
  noted.add(problem);
};

/**
 * For code that runs several clients in one check: true when `client` is here. When it is not:
 * in CI this throws, naming it; elsewhere it says so once and gives false (the check goes on
 * without that client).
 */
export function usable(client: RealClient): boolean {
  const problem = missingClient(client);
  if (!problem) return true;
  if (inCi()) throw new Error(`${client}: ${problem} (CI runs every real-client check)`);
  note(`${client}: ${problem}`);
  return false;
}

type Register = typeof test | typeof test.concurrent;

/**
 * `register` (default `test`; `test.concurrent` works too; `.each` as well) for a check that
 * needs `clients`. When one is missing: in CI a test that fails naming it; elsewhere `test.skip`,
 * saying why.
 */
export function testWith<R extends Register = typeof test>(
  clients: readonly RealClient[],
  register: R = test as R,
): R {
  const problems = clients.flatMap((client) => {
    const problem = missingClient(client);
    return problem ? [`${client}: ${problem}`] : [];
  });
  if (problems.length === 0) return register;
  if (!inCi()) {
    for (const problem of problems) note(problem);
    return test.skip as R;
  }
  const fail = () => {
    throw new Error(`${problems.join('; ')} (CI runs every real-client check)`);
  };
  const failing = (name: string, _fn: unknown, timeout?: number) => test(name, fail, timeout);
  failing.each = (table: readonly unknown[]) => (name: string, _fn: unknown, timeout?: number) =>
    test.each(table)(name, fail, timeout);
  return failing as unknown as R;
}

/** `test.each` over clients, each row under `testWith` its own client; `%s` in the name is it. */
export function eachClient<C extends RealClient>(
  clients: readonly C[],
  register: Register = test,
): (name: string, fn: (client: C) => Promise<unknown>, timeout?: number) => void {
  return (name, fn, timeout) => {
    for (const client of clients) {
      testWith([client], register)(name.replace('%s', client), () => fn(client), timeout);
    }
  };
}
