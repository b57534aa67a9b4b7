import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { parseDocument } from 'yaml';
import { repoRoot } from '../support/node24.js';

/**
 * The repository's supply chain and release, as GitHub would run them: every workflow and
 * composite action pins third-party actions to a commit SHA with its version in a comment, asks
 * for the least permissions, keeps no credentials in checkouts, and passes actionlint; one version
 * everywhere (package.json, packages/cli, `--version`, CHANGELOG.md, the tag); the release
 * workflow's jobs in order; the e2e workflow skipped, saying so, without its secrets.
 */

type Permissions = Record<string, string> | string | undefined;
interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string | boolean>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly secrets?: Record<string, string>;
  readonly permissions?: Permissions;
  readonly environment?: string;
  readonly strategy?: { matrix?: { os?: string[] } };
  readonly steps?: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Permissions;
  readonly jobs: Record<string, Job>;
}

const WORKFLOWS = join(repoRoot, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
const text = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

function yamlOf<T>(path: string): T {
  const document = parseDocument(text(path));
  expect(document.errors.map((error) => error.message)).toEqual([]);
  return document.toJS() as T;
}
const workflow = (name: string): Workflow => yamlOf<Workflow>(`.github/workflows/${name}`);

/** Every YAML file of .github and the repository's own action files. */
function yamlFiles(dir = join(repoRoot, '.github'), prefix = '.github'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name), `${prefix}/${entry.name}`)
      : /\.ya?ml$/.test(entry.name)
        ? [`${prefix}/${entry.name}`]
        : [],
  );
}
const actionFiles = [...yamlFiles(), 'action.yml', 'list-accounts/action.yml'];

const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
const runs = (job: Job | undefined): string =>
  (job?.steps ?? []).map((step) => step.run ?? '').join('\n');

describe('third-party actions', () => {
  const lines = actionFiles.flatMap((file) =>
    text(file)
      .split('\n')
      .filter((line) => /^\s*(?:-\s+)?uses:\s/.test(line))
      .map((line) => ({ file, line: line.trim() })),
  );

  test('are each pinned to a full commit SHA with the version in a comment', () => {
    const remote = lines.filter(({ line }) => !/uses:\s+\.\//.test(line));
    expect(remote.length).toBeGreaterThanOrEqual(10);
    for (const { file, line } of remote) {
      expect(`${file}: ${line}`).toMatch(
        /: (?:- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
      );
    }
  });

  test('one SHA has one version, and one action one SHA, across the repository', () => {
    const pins = new Map<string, Set<string>>();
    for (const { line } of lines) {
      const match = /uses: ([\w.-]+\/[\w.-]+)[\w./-]*@([0-9a-f]{40}) # (\S+)/.exec(line);
      if (!match) continue;
      const [, repo, sha, version] = match;
      pins.set(repo ?? '', (pins.get(repo ?? '') ?? new Set()).add(`${sha} ${version}`));
    }
    expect([...pins.keys()].sort()).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'github/codeql-action',
    ]);
    for (const [repo, pinned] of pins) expect([repo, pinned.size]).toEqual([repo, 1]);
  });

  test('checkouts keep no credentials (no workflow pushes with git)', () => {
    for (const name of workflowFiles) {
      const checkouts = steps(workflow(name)).filter((s) =>
        s.uses?.startsWith('actions/checkout@'),
      );
      expect(checkouts.length).toBeGreaterThan(0);
      for (const step of checkouts)
        expect([name, step.with?.['persist-credentials']]).toEqual([name, false]);
      expect(text(`.github/workflows/${name}`)).not.toMatch(/git push/);
    }
  });
});

describe('permissions', () => {
  /** The only write scopes any job has, and why. */
  const WRITES: Record<string, Record<string, string>> = {
    'release.yml/github-release': { contents: 'write' }, // the release and the major tag
    'release.yml/npm': { 'id-token': 'write' }, // trusted publishing and provenance
    'codeql.yml/analyze': { 'security-events': 'write' }, // code scanning results
  };

  test.each(workflowFiles)(
    '%s: read-only or none at the top, writes only in the jobs that need them',
    (name) => {
      const wf = workflow(name);
      expect(wf.permissions).toBeDefined();
      const top = typeof wf.permissions === 'object' ? wf.permissions : {};
      expect(Object.values(top).every((level) => level === 'read')).toBe(true);
      for (const [id, job] of Object.entries(wf.jobs)) {
        const own = typeof job.permissions === 'object' ? job.permissions : {};
        const writes = Object.fromEntries(
          Object.entries(own).filter(([, level]) => level === 'write'),
        );
        expect([`${name}/${id}`, writes]).toEqual([`${name}/${id}`, WRITES[`${name}/${id}`] ?? {}]);
        expect(job.permissions === 'write-all' || wf.permissions === 'write-all').toBe(false);
      }
    },
  );

  test('a workflow with no top-level grant gives every job its own', () => {
    for (const name of workflowFiles) {
      const wf = workflow(name);
      if (typeof wf.permissions !== 'object' || Object.keys(wf.permissions).length > 0) continue;
      for (const [id, job] of Object.entries(wf.jobs))
        expect([id, job.permissions]).not.toEqual([id, undefined]);
    }
  });
});

describe('actionlint', () => {
  const lint = (files: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'scripts', 'lint-workflows.mjs'), ...files], {
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('finds nothing in any workflow', () => {
    const result = lint([]);
    expect(result.stdout).toContain(
      `actionlint: 0 finding(s) in ${workflowFiles.length} workflow(s)`,
    );
    expect(result.status).toBe(0);
  });

  test('fails a workflow with a mistake, naming it (so the check above means something)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    try {
      const broken = join(dir, 'broken.yml');
      const ci = text('.github/workflows/ci.yml');
      writeFileSync(
        broken,
        ci.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    needs: nothing'),
      );
      const result = lint([broken]);
      expect(result.stdout).toMatch(/needs job "nothing" which does not exist/);
      expect(result.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('runs in CI after lint', () => {
    const run = text('.ci/run');
    expect(run.indexOf('npm run lint:workflows')).toBeGreaterThan(run.indexOf('npm run lint\n'));
    expect(
      yamlOf<{ scripts: Record<string, string> }>('package.json').scripts['lint:workflows'],
    ).toBe('node scripts/lint-workflows.mjs');
  });
});

describe('one version', () => {
  const release = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'scripts', 'release.mjs'), ...args], {
      encoding: 'utf8',
    });
  const version = yamlOf<{ version: string }>('package.json').version;

  test("package.json, packages/cli, --version and CHANGELOG.md's newest heading agree", () => {
    expect(yamlOf<{ version: string }>('packages/cli/package.json').version).toBe(version);
    const heading = /^## \[?v?(\d+\.\d+\.\d+\S*?)\]?(?:\s|$)/m.exec(text('CHANGELOG.md'));
    expect(heading?.[1]).toBe(version);
    const said = execFileSync(process.execPath, [join(repoRoot, 'dist/cli/index.js'), '--version']);
    expect(said.toString().trim()).toBe(`aws-sso-credentials ${version}`);
    const checked = release('check', `v${version}`);
    expect(checked.stderr).toBe('');
    expect(checked.stdout.trim()).toBe(`v${version}: version ${version} everywhere, with notes`);
  });

  test('the release check refuses another tag, and any file that says another version', () => {
    expect(release('check', 'v99.0.0').stderr).toContain('tag v99.0.0 is version 99.0.0, but');
    expect(release('check', 'latest').stderr).toContain('is not a version tag');
    const copy = mkdtempSync(join(tmpdir(), 'release-'));
    try {
      mkdirSync(join(copy, 'scripts'));
      mkdirSync(join(copy, 'packages', 'cli'), { recursive: true });
      cpSync(join(repoRoot, 'scripts', 'release.mjs'), join(copy, 'scripts', 'release.mjs'));
      cpSync(join(repoRoot, 'package.json'), join(copy, 'package.json'));
      cpSync(join(repoRoot, 'CHANGELOG.md'), join(copy, 'CHANGELOG.md'));
      const cli = JSON.parse(text('packages/cli/package.json'));
      writeFileSync(
        join(copy, 'packages/cli/package.json'),
        JSON.stringify({ ...cli, version: '0.9.0' }),
      );
      const result = spawnSync(
        process.execPath,
        [join(copy, 'scripts', 'release.mjs'), 'check', `v${version}`],
        {
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('packages/cli/package.json says 0.9.0');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('the notes, the major tag and the npm dist-tag of a tag', () => {
    const notes = release('notes', `v${version}`).stdout;
    expect(notes.length).toBeGreaterThan(20);
    expect(text('CHANGELOG.md')).toContain(notes.trim());
    expect(notes).not.toMatch(/^## /m);
    expect(release('major', 'v1.2.3').stdout.trim()).toBe('v1');
    expect(release('major', 'v2.0.0-rc.1').stdout.trim()).toBe('');
    expect(release('dist-tag', 'v1.2.3').stdout.trim()).toBe('latest');
    expect(release('dist-tag', 'v2.0.0-rc.1').stdout.trim()).toBe('next');
    expect(release('notes', 'v0.0.1').stderr).toContain('no notes under a "## 0.0.1" heading');
  });
});

describe('the release workflow', () => {
  const wf = workflow('release.yml');

  test('runs on a version tag and by hand', () => {
    expect(wf.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+*'] });
    expect(wf.on).toHaveProperty('workflow_dispatch.inputs.tag.required', true);
  });

  test('checks versions, lint, workflows, types, dist and tests before anything is published', () => {
    const check = runs(wf.jobs.check);
    const order = [
      'node scripts/release.mjs check "$TAG" "$GITHUB_REPOSITORY"',
      'npm ci',
      'npm run lint',
      'npm run lint:workflows',
      'npm run typecheck',
      'npm run check-dist',
      'npm test',
    ];
    const positions = order.map((command) => check.indexOf(command));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('the e2e run, then the GitHub release with the notes and the major tag, then npm', () => {
    expect(wf.jobs.e2e?.uses).toBe('./.github/workflows/e2e-aws.yml');
    expect(wf.jobs.e2e?.needs).toBe('check');
    expect(wf.jobs['github-release']?.needs).toEqual(['check', 'e2e']);
    expect(wf.jobs.npm?.needs).toBe('github-release');
    const release = runs(wf.jobs['github-release']);
    expect(release).toContain('node scripts/release.mjs notes "$TAG" > "$RUNNER_TEMP/notes.md"');
    expect(release).toContain('gh release create "$TAG" --verify-tag');
    expect(release).toContain('major=$(node scripts/release.mjs major "$TAG")');
    expect(release).toMatch(/git\/refs\/tags\/\$major" -f sha="\$sha" -F force=true/);
  });

  test('publishes packages/cli with provenance, a token secret optional', () => {
    const npm = wf.jobs.npm;
    const publish = npm?.steps?.find((step) => step.run?.includes('npm publish'));
    expect(publish?.run).toContain('npm publish --provenance --access public');
    expect(publish?.['working-directory' as keyof Step]).toBe('packages/cli');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
    expect(publish?.env?.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
    expect(npm?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const setup = npm?.steps?.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
  });

  test('hands the e2e workflow each secret it declares, and no others', () => {
    const e2e = workflow('e2e-aws.yml');
    const declared = Object.keys((e2e.on.workflow_call as { secrets: object }).secrets);
    expect(Object.keys(wf.jobs.e2e?.secrets ?? {}).sort()).toEqual(declared.sort());
  });
});

describe('the e2e workflow against AWS', () => {
  const wf = workflow('e2e-aws.yml');
  const work = mkdtempSync(join(tmpdir(), 'e2e-secrets-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The secrets job's script, run by bash as the runner would, with these secrets set. */
  function secretsCheck(secrets: Record<string, string>) {
    const output = join(work, 'output');
    const summary = join(work, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const script = wf.jobs.secrets?.steps?.[0]?.run ?? '';
    const result = spawnSync('bash', ['-e', '-c', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        ...secrets,
      },
    });
    return {
      ...result,
      output: readFileSync(output, 'utf8'),
      summary: readFileSync(summary, 'utf8'),
    };
  }
  const ALL = {
    E2E_SSO_SESSION: '{"startUrl":"x"}',
    E2E_ACCOUNT_ID: '111111111111',
    E2E_PERMISSION_SET: 'ReadOnly',
    E2E_ROLE_TO_ASSUME: 'arn:aws:iam::111111111111:role/E2E',
  };

  test('is skipped, saying which secrets are missing, without them', () => {
    const none = secretsCheck({});
    expect(none.status).toBe(0);
    expect(none.output).toBe('present=false\n');
    expect(none.stdout).toContain(
      '::notice title=E2E against AWS skipped::The repository has no secret',
    );
    expect(none.summary).toContain('E2E against AWS skipped');
    const { E2E_ROLE_TO_ASSUME: _left, ...three } = ALL;
    expect(secretsCheck(three).stdout).toMatch(/no secret E2E_ROLE_TO_ASSUME;/);
  });

  test('runs when all are set, and then every job after it depends on that', () => {
    expect(secretsCheck(ALL).output).toBe('present=true\n');
    expect(wf.jobs.token?.if).toBe("needs.secrets.outputs.present == 'true'");
    expect(wf.jobs.modes?.needs).toBe('token');
  });

  test('runs list-accounts and every mode on the three hosted systems, checked with the AWS CLI', () => {
    expect(wf.jobs.token?.steps?.some((step) => step.uses === './list-accounts')).toBe(true);
    const modes = wf.jobs.modes;
    expect(modes?.strategy?.matrix?.os).toEqual([
      'ubuntu-latest',
      'windows-latest',
      'macos-latest',
    ]);
    const actionSteps = (modes?.steps ?? []).filter((step) => step.uses === './');
    const used = actionSteps.map((step) => {
      const inputs = step.with ?? {};
      if (inputs.profiles) return 'profiles';
      if (inputs['role-to-assume']) return 'role-to-assume';
      if (inputs['renew-credentials']) return `renew-credentials: ${inputs['renew-credentials']}`;
      return 'plain keys';
    });
    expect(used.sort()).toEqual(
      [
        'plain keys',
        'profiles',
        'renew-credentials: endpoint',
        'renew-credentials: profile',
        'role-to-assume',
      ].sort(),
    );
    // Each action step is followed by a check through the AWS CLI, and all take the one token.
    const all = modes?.steps ?? [];
    for (const step of actionSteps) {
      expect(all[all.indexOf(step) + 1]?.run).toMatch(/caller-is\.sh/);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      expect(step.with?.['token-handoff']).toBe('${{ needs.token.outputs.token-handoff }}');
    }
  });
});

test('Dependabot updates npm and the actions weekly, grouped; CodeQL scans JavaScript and TypeScript', () => {
  const dependabot = yamlOf<{
    updates: { 'package-ecosystem': string; schedule: object; groups: object }[];
  }>('.github/dependabot.yml');
  expect(dependabot.updates.map((update) => update['package-ecosystem'])).toEqual([
    'npm',
    'github-actions',
  ]);
  for (const update of dependabot.updates) {
    expect(update.schedule).toEqual({ interval: 'weekly' });
    expect(Object.keys(update.groups)).toHaveLength(1);
  }
  const codeql = workflow('codeql.yml');
  const init = steps(codeql).find((step) => step.uses?.startsWith('github/codeql-action/init@'));
  expect(init?.with?.languages).toBe('javascript-typescript');
  expect(steps(codeql).some((step) => step.uses?.startsWith('github/codeql-action/analyze@'))).toBe(
    true,
  );
});
