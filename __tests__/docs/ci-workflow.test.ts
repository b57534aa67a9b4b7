import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseDocument } from 'yaml';
import { loadActionYml } from '../support/action-yml.js';
import { repoRoot } from '../support/node24.js';

/**
 * .github/workflows/ci.yml as GitHub would run it: the self-test job (`uses: ./` against the
 * emulator) runs on every hosted system users have, with shell steps that work on all three, a
 * user's own profile of the same name, the profile checked through real clients, and the post
 * step's restore checked after it. (The scripts themselves run in
 * __tests__/integration/self-test-workflow.test.ts.)
 */

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}

interface Job {
  readonly 'runs-on': string;
  readonly strategy?: { 'fail-fast'?: boolean; matrix?: { os?: string[] } };
  readonly defaults?: { run?: { shell?: string } };
  readonly steps: Step[];
}

const WORKFLOW = '.github/workflows/ci.yml';

function workflow(): { jobs: Record<string, Job> } {
  const document = parseDocument(readFileSync(join(repoRoot, WORKFLOW), 'utf8'));
  expect(document.errors.map((error) => error.message)).toEqual([]);
  return document.toJS() as { jobs: Record<string, Job> };
}

const selfTest = (): Job => workflow().jobs['self-test'] as Job;
const indexOf = (steps: Step[], match: (step: Step) => boolean): number => steps.findIndex(match);

describe('the self-test job', () => {
  test('runs on ubuntu-latest, windows-latest and macos-latest, each to the end', () => {
    const job = selfTest();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(job.strategy?.['fail-fast']).toBe(false);
  });

  test('every shell step runs in bash (on Windows too) and calls Node, npm or echo only', () => {
    const job = selfTest();
    const runs = job.steps.filter((step) => step.run !== undefined);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const step of runs) {
      expect(step.shell ?? job.defaults?.run?.shell).toBe('bash');
      const commands = (step.run ?? '').split('\n').filter((line) => line.trim() !== '');
      for (const command of commands) expect(command).toMatch(/^(node|npm|echo) /);
    }
  });

  test("the user's own files come before the action, so their check runs after its post step", () => {
    const { steps } = selfTest();
    const userFiles = indexOf(steps, (step) => step.uses === './.github/self-test/user-files');
    const action = indexOf(steps, (step) => step.uses === './');
    const profileCheck = indexOf(steps, (step) => /check-profile\.mjs/.test(step.run ?? ''));
    expect(userFiles).toBeGreaterThan(-1);
    expect(action).toBeGreaterThan(userFiles);
    expect(profileCheck).toBeGreaterThan(action);
  });

  test("the action writes the profile that the user's files hold and the check reads", () => {
    const { steps } = selfTest();
    const action = steps.find((step) => step.uses === './');
    const profile = action?.with?.profile;
    expect(profile).toBe('self-test');
    const files = readFileSync(join(repoRoot, '.github/self-test/user-files/files.mjs'), 'utf8');
    expect(files).toContain(`export const PROFILE = '${profile}';`);
    const check = steps.find((step) => /check-profile\.mjs/.test(step.run ?? ''));
    expect(check?.run).toContain(`check-profile.mjs ${profile} ${action?.with?.['aws-region']}`);
  });

  test('every script and local action it names exists, with its main and post', async () => {
    const { steps } = selfTest();
    const scripts = steps.flatMap((step) => [...(step.run ?? '').matchAll(/node (\S+\.mjs)/g)]);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, script] of scripts) expect(existsSync(join(repoRoot, script ?? ''))).toBe(true);
    const local = steps.filter((step) => step.uses?.startsWith('./.github/'));
    for (const step of local) {
      const action = await loadActionYml(join(repoRoot, step.uses ?? '', 'action.yml'));
      expect(action.using).toBe('node24');
      expect(existsSync(action.main)).toBe(true);
      expect(action.post && existsSync(action.post)).toBe(true);
    }
  });

  test('both renew-credentials modes run, each followed by its check through the AWS CLI', () => {
    const { steps } = selfTest();
    const renewing = steps.filter((step) => step.uses === './' && step.with?.['renew-credentials']);
    expect(renewing.map((step) => step.with?.['renew-credentials'])).toEqual([
      'endpoint',
      'profile',
    ]);
    for (const step of renewing) {
      const mode = step.with?.['renew-credentials'];
      const check = steps[steps.indexOf(step) + 1];
      const profile = mode === 'profile' ? ` ${step.with?.profile}` : '';
      expect(check?.run).toBe(`node .github/self-test/check-renewal.mjs ${mode}${profile}`);
      // The tools call the emulator, as they would call IAM Identity Center.
      if (mode === 'profile')
        expect(check?.env?.AWS_ENDPOINT_URL_SSO).toBe(step.env?.AWS_ENDPOINT_URL_SSO);
    }
    // The endpoint's step clears the keys of the first step, which the tools would take first.
    expect(renewing[0]?.with?.['unset-current-credentials']).toBe('true');
  });
});
