/**
 * `node scripts/release.mjs check|notes|major|dist-tag TAG`: what the release workflow
 * (.github/workflows/release.yml) asks of a version tag.
 *
 * - `check TAG [OWNER/REPO]`: the tag is `v` + the one version that package.json,
 *   packages/cli/package.json and the newest heading of CHANGELOG.md all carry, that heading has
 *   notes, and (given the repository) packages/cli/package.json names it, as npm's provenance
 *   check requires.
 * - `notes TAG`: that version's notes from CHANGELOG.md (the GitHub release's body).
 * - `major TAG`: the major tag to move (`v1`), or nothing for a pre-release.
 * - `dist-tag TAG`: the npm dist-tag: `latest`, or `next` for a pre-release.
 * Plain JavaScript that imports only Node's modules: it runs before `npm ci`, on any runner.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;
/** `## 1.2.3`, `## [1.2.3] - 2026-12-06` or `## v1.2.3 (date)`: Keep a Changelog and its kin. */
const HEADING = /^## \[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?:\s.*)?$/;

const manifest = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));

/** The version a tag names; throws on anything but `v` + semantic version. */
function versionOf(tag) {
  if (!TAG.test(tag ?? '')) throw new Error(`"${tag}" is not a version tag such as v1.2.3`);
  return tag.slice(1);
}

/** CHANGELOG.md's sections, newest first: [{ version, notes }]. */
function changelog() {
  const sections = [];
  for (const line of readFileSync(join(root, 'CHANGELOG.md'), 'utf8').split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) sections.push({ version: heading[1], lines: [] });
    else if (/^## /.test(line)) sections.push({ version: undefined, lines: [] });
    else sections.at(-1)?.lines.push(line);
  }
  return sections.map(({ version, lines }) => ({ version, notes: lines.join('\n').trim() }));
}

function notes(tag) {
  const version = versionOf(tag);
  const section = changelog().find((entry) => entry.version === version);
  if (!section?.notes) throw new Error(`CHANGELOG.md has no notes under a "## ${version}" heading`);
  return section.notes;
}

function check(tag, repository) {
  const version = versionOf(tag);
  const versions = {
    'package.json': manifest('.').version,
    'packages/cli/package.json': manifest('packages/cli').version,
    "CHANGELOG.md's newest heading": changelog()[0]?.version,
  };
  const differing = Object.entries(versions).filter(([, found]) => found !== version);
  if (differing.length > 0) {
    const found = differing.map(([where, found]) => `${where} says ${found}`).join(', ');
    throw new Error(`tag ${tag} is version ${version}, but ${found}`);
  }
  notes(tag);
  const url = manifest('packages/cli').repository?.url;
  if (repository && url !== `git+https://github.com/${repository}.git`) {
    throw new Error(
      `packages/cli/package.json's repository.url is ${url}: npm's provenance needs ` +
        `git+https://github.com/${repository}.git`,
    );
  }
  return `${tag}: version ${version} everywhere, with notes`;
}

const isPrerelease = (tag) => versionOf(tag).includes('-');
const commands = new Map([
  ['check', check],
  ['notes', notes],
  ['major', (tag) => (isPrerelease(tag) ? '' : `v${versionOf(tag).split('.')[0]}`)],
  ['dist-tag', (tag) => (isPrerelease(tag) ? 'next' : 'latest')],
]);

try {
  const [name, ...args] = process.argv.slice(2);
  const command = commands.get(name ?? '');
  if (!command) throw new Error('usage: node scripts/release.mjs check|notes|major|dist-tag TAG');
  console.log(command(...args));
} catch (error) {
  console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
