import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseDocument } from 'yaml';
import { repoRoot } from '../support/node24.js';

/**
 * The pages around the code say what the repository does: the one-file test command runs one
 * file, the README lists every bundle's licences, CONTRIBUTING.md has the two commands and the
 * layer rule, SECURITY.md the private way to report and the scope, docs/releasing.md every job,
 * secret and one-time setting the workflows use.
 */

const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8');
const ONE_FILE = /`npm test -- ([^`\s]+)`/;

describe('the one-file test command', () => {
  test('README and CONTRIBUTING give the same command, naming a test file that exists', () => {
    const readme = ONE_FILE.exec(read('README.md'))?.[1];
    expect(readme).toMatch(/^__tests__\/.+\.test\.ts$/);
    expect(ONE_FILE.exec(read('CONTRIBUTING.md'))?.[1]).toBe(readme);
    expect(existsSync(join(repoRoot, readme ?? ''))).toBe(true);
  });

  test('npm test hands what follows `--` to jest, which then selects that one file', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    // npm appends the arguments after `--` to the script: it must end with jest itself.
    expect(scripts.test).toMatch(/(^|\s)jest$/);
    const path = ONE_FILE.exec(read('README.md'))?.[1] ?? '';
    const jest = join(repoRoot, 'node_modules', '.bin', 'jest');
    const listed = spawnSync(jest, ['--listTests', path], { cwd: repoRoot, encoding: 'utf8' });
    expect(listed.status).toBe(0);
    const files = listed.stdout.split('\n').filter(Boolean);
    expect(files.map((file) => relative(repoRoot, file))).toEqual([path]);
  }, 60_000);
});

test("the README's Dependencies section lists every bundle's licenses.txt", () => {
  const readme = read('README.md');
  const section = readme.slice(
    readme.indexOf('## Dependencies'),
    readme.indexOf('## Documentation'),
  );
  const listed = [...section.matchAll(/`(dist\/[\w/-]*licenses\.txt)`/g)].map((match) => match[1]);
  const licences = (dir: string): string[] =>
    readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? licences(`${dir}/${entry.name}`)
        : entry.name === 'licenses.txt'
          ? [`${dir}/${entry.name}`]
          : [],
    );
  expect(licences('dist').length).toBeGreaterThanOrEqual(5);
  expect(listed.sort()).toEqual(licences('dist').sort());
});

test('CONTRIBUTING.md: the two commands, the layer rule and its check, where the docs are', () => {
  const page = read('CONTRIBUTING.md');
  const first = /```sh\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
  const commands = first.split('\n').map((line) => line.replace(/#.*$/, '').trim());
  expect(commands.filter(Boolean)).toEqual(['npm ci', 'npm test']);
  expect(page).toContain('scripts/check-layers.ts');
  for (const layer of ['src/sso', 'src/http', 'src/action', 'src/cli'])
    expect(page).toContain(layer);
  for (const link of ['README.md', 'docs/development.md', 'docs/releasing.md', 'SECURITY.md']) {
    expect(page).toContain(`](${link})`);
  }
});

test("SECURITY.md: supported versions, GitHub's private reporting, the scope", () => {
  const page = read('SECURITY.md');
  expect(page).toContain('## Supported versions');
  expect(page).toContain('**Security** → **Report a vulnerability**');
  for (const scope of ['The log as a boundary', 'The files it writes', 'The token lineage']) {
    expect(page).toContain(`**${scope}.**`);
  }
});

describe('docs/releasing.md', () => {
  const page = read('docs/releasing.md');
  const workflow = (name: string) =>
    parseDocument(read(`.github/workflows/${name}`)).toJS() as {
      on: { workflow_call?: { secrets: Record<string, unknown> } };
      jobs: Record<string, unknown>;
    };

  test('describes every job of the release workflow', () => {
    for (const job of Object.keys(workflow('release.yml').jobs))
      expect(page).toContain(`| \`${job}\``);
  });

  test('names every secret the workflows read, and the repository name to replace', () => {
    const secrets = Object.keys(workflow('e2e-aws.yml').on.workflow_call?.secrets ?? {});
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of [...secrets, 'NPM_TOKEN']) expect(page).toContain(`\`${secret}\``);
    expect(read('.github/workflows/release.yml')).toContain('secrets.NPM_TOKEN');
    expect(page).toContain('OWNER');
    expect(page).toContain('environment `npm`');
    expect(read('.github/workflows/release.yml')).toContain('environment: npm');
  });
});
