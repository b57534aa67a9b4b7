import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { isCollection, parseAllDocuments, visit } from 'yaml';
import { LAYER_IMPORTS } from '../../scripts/check-layers.js';
import { type ActionDefinition, loadActionYml } from '../support/action-yml.js';
import { repoRoot } from '../support/node24.js';
import {
  backticked,
  codeSpans,
  headingAnchors,
  links,
  type MarkdownDocument,
  readMarkdown,
  tableNamed,
} from './markdown.js';

/**
 * The README is the front page a workflow author reads in five minutes; docs/ holds the rest.
 * What a reader would trip over is checked here: size, dead links and anchors, YAML that does
 * not parse or is written in flow style, paths that lead outside the repository, and input and
 * output tables that drifted from action.yml.
 */

const README = 'README.md';
const PAGES = [
  'getting-the-secrets',
  'across-accounts',
  'configure-aws-credentials',
  'rotation',
  'long-jobs',
  'reliability',
  'security',
  'cli',
  'private-endpoints',
  'development',
  'performance',
].map((name) => `docs/${name}.md`);

/**
 * Every Markdown file a reader is sent to: the front page, docs/, the emulator's README, and the
 * README of the CLI's npm package (its page on the registry).
 */
function markdownFiles(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return [README, ...docs, 'emulator/README.md', 'packages/cli/README.md'];
}

const cache = new Map<string, MarkdownDocument>();
function doc(file: string): MarkdownDocument {
  let parsed = cache.get(file);
  if (!parsed) {
    parsed = readMarkdown(readFileSync(join(repoRoot, file), 'utf8'));
    cache.set(file, parsed);
  }
  return parsed;
}

function isInsideRepo(path: string): boolean {
  const rel = relative(repoRoot, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Pages a reader reads in minutes: what to do and why in a few lines; measurements live in `npm run bench`. */
describe('sizes', () => {
  const size = (file: string) => statSync(join(repoRoot, file)).size;

  // The inputs and outputs tables (written from action.yml), the lifetimes a newcomer trips over,
  // and room for one more mode; everything else belongs in docs/.
  test('the README is at most 14 KB', () => {
    expect(size(README)).toBeLessThanOrEqual(14_000);
  });

  test('the README and docs/ are at most 110 KB together', () => {
    const files = [README, ...readdirSync(join(repoRoot, 'docs')).map((name) => `docs/${name}`)];
    const total = files.reduce((sum, file) => sum + size(file), 0);
    expect(total).toBeLessThanOrEqual(110_000);
  });

  test('docs/development.md is at most 15 KB', () => {
    expect(size('docs/development.md')).toBeLessThanOrEqual(15_000);
  });
});

describe('the front page', () => {
  test('shows what the action is for first: its first code block is a workflow that uses it', () => {
    const first = doc(README).blocks[0];
    expect(first?.lang).toBe('yaml');
    expect(first?.text).toMatch(/^\s*- uses: OWNER\/aws-sso-credentials@v1$/m);
  });

  test("gives a contributor's path further down: clone, npm ci, npm run demo, npm test", () => {
    const setup = doc(README).blocks.find((block) => block.text.startsWith('git clone'));
    expect(setup?.lang).toBe('sh');
    const commands = (setup?.text ?? '')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands.map((command) => command.split(' && ')[0])).toEqual([
      'git clone https://github.com/OWNER/aws-sso-credentials',
      'npm ci',
      'npm run demo',
      'npm test',
    ]);
  });

  test('CI runs the install and test commands the README gives', () => {
    const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test\b/m);
  });

  test('links every docs/ page', () => {
    const targets = new Set(links(doc(README)).map((link) => link.target.split('#')[0]));
    for (const page of PAGES) {
      expect(existsSync(join(repoRoot, page))).toBe(true);
      expect(targets).toContain(page);
    }
  });
});

describe.each(markdownFiles())('%s', (file) => {
  test('every relative link leads to a file in the repository, and its anchor exists', () => {
    const broken: string[] = [];
    for (const { target, line } of links(doc(file))) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? join(repoRoot, file) : resolve(repoRoot, dirname(file), path);
      const where = `${file}:${line} ${target}`;
      if (path.startsWith('/') || !isInsideRepo(resolved))
        broken.push(`${where}: outside the repository`);
      else if (!existsSync(resolved)) broken.push(`${where}: no such file`);
      else if (anchor !== undefined && resolved.endsWith('.md')) {
        const anchors = headingAnchors(doc(relative(repoRoot, resolved)));
        if (!anchors.has(anchor)) broken.push(`${where}: no heading with that anchor`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every repository path in inline code exists', () => {
    const top = new Set(readdirSync(repoRoot));
    const missing = codeSpans(doc(file))
      .filter(({ text }) => /^[\w.-]+\/[\w./-]*$/.test(text) && top.has(text.split('/')[0] ?? ''))
      .filter(({ text }) => !existsSync(join(repoRoot, text)))
      .map(({ text, line }) => `${file}:${line} ${text}`);
    expect(missing).toEqual([]);
  });

  test('names no path outside the repository', () => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const outside = [
      ...text.matchAll(/(?:^|[\s`'"(])(\/(?:work|home|Users|root|mnt|srv|opt)\/[^\s`'")]*)/g),
      ...text.matchAll(/\b(shared\/reference\/[^\s`'")]*)/g),
    ].map((match) => match[1]);
    expect(outside).toEqual([]);
  });

  test('every YAML example parses and uses block style only', () => {
    const problems: string[] = [];
    for (const block of doc(file).blocks.filter((b) => ['yaml', 'yml'].includes(b.lang))) {
      for (const document of parseAllDocuments(block.text)) {
        for (const error of document.errors) problems.push(`line ${block.line}: ${error.message}`);
        visit(document, (_key, node) => {
          if (isCollection(node) && node.flow) {
            problems.push(`line ${block.line}: flow style ${String(node).slice(0, 40)}`);
          }
        });
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('no file points at a path outside the repository', () => {
  // Spelled in pieces so that this file does not name them itself.
  const forbidden = [`/${'work'}/`, `sso-${'protocol'}.md`];

  function trackedText(dir: string): string[] {
    return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return trackedText(path);
      return /\.(ts|mjs|js|md|ya?ml|sh)$/.test(entry.name) ? [path] : [];
    });
  }

  test('in src/, __tests__/, emulator/, scripts/, docs/ and the top-level files', () => {
    const files = [
      ...['src', '__tests__', 'emulator', 'scripts', 'docs', 'list-accounts', '.ci'].flatMap(
        trackedText,
      ),
      '.ci/run',
      README,
      'action.yml',
      'package.json',
    ];
    const offenders = files.flatMap((file) => {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      return forbidden.filter((needle) => text.includes(needle)).map((n) => `${file}: ${n}`);
    });
    expect(offenders).toEqual([]);
  });
});

describe('the inputs and outputs tables match action.yml', () => {
  function names(rows: readonly (readonly string[])[]): string[] {
    return rows.flatMap((row) => backticked(row[0] ?? '')).sort();
  }

  function defaults(rows: readonly (readonly string[])[]): Record<string, string> {
    return Object.fromEntries(
      rows.flatMap((row) =>
        backticked(row[0] ?? '').map((name) => [name, backticked(row[1] ?? '')[0] ?? '']),
      ),
    );
  }

  function declaredDefaults(action: ActionDefinition): Record<string, string> {
    return Object.fromEntries(action.inputs.map((input) => [input.name, input.default ?? '']));
  }

  /** The names a page gives in the line under a table: "The inputs it shares with the action ...". */
  function sharedNames(file: string, kind: string): string[] {
    const line = doc(file).prose.find(({ text }) => text.startsWith(`The ${kind} it shares`));
    return line ? backticked(line.text) : [];
  }

  test.each([
    ['the action', README, 'action.yml'],
    ['list-accounts', 'docs/across-accounts.md', 'list-accounts/action.yml'],
  ])('%s (%s)', async (_name, file, actionYml) => {
    const action = await loadActionYml(actionYml);
    const inputs = tableNamed(doc(file), 'input').rows;
    const outputs = tableNamed(doc(file), 'output').rows;
    const documented = [...names(inputs), ...sharedNames(file, 'inputs')].sort();
    expect(documented).toEqual(action.inputs.map((input) => input.name).sort());
    const declared = declaredDefaults(action);
    expect(defaults(inputs)).toEqual(
      Object.fromEntries(Object.entries(declared).filter(([name]) => name in defaults(inputs))),
    );
    expect([...names(outputs), ...sharedNames(file, 'outputs')].sort()).toEqual(
      [...action.outputs].sort(),
    );
  });
});

describe('docs/development.md describes the tree as it is', () => {
  test('its layer table names every folder under src/, in the order check-layers.ts stacks them', () => {
    const actual = readdirSync(join(repoRoot, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((dir) => dir.name);
    const text = readFileSync(join(repoRoot, 'docs/development.md'), 'utf8');
    const listed = [...text.matchAll(/^\| `src\/([a-z-]+)\/` +\|/gm)].map((row) => row[1]);
    expect([...listed].sort()).toEqual([...actual].sort());
    const stacked = Object.keys(LAYER_IMPORTS);
    expect(listed).toEqual(stacked);
  });

  test('every file the table points at exists in its folder', () => {
    const text = readFileSync(join(repoRoot, 'docs/development.md'), 'utf8');
    for (const line of text.split('\n')) {
      const folder = /^\| `(src\/[a-z-]+\/)` +\|/.exec(line)?.[1];
      if (!folder) continue;
      for (const [, file] of line.matchAll(/`([a-z-]+\.ts)`/g)) {
        expect(existsSync(join(repoRoot, folder, file ?? ''))).toBe(true);
      }
    }
  });
});

describe('the docs say what the tool does', () => {
  const allText = () => markdownFiles().map((file) => readFileSync(join(repoRoot, file), 'utf8'));

  test('every credential_process example names the tool by an absolute path', () => {
    const lines = allText().flatMap((text) =>
      text.split('\n').filter((line) => /^\s*credential_process\s*=/.test(line)),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^\s*credential_process\s*=\s*\//);
    }
  });

  test('the notes when no browser can be started are the ones the tool prints', async () => {
    const { openBrowser, NO_BROWSER_REASON } = await import('../../src/cli/browser.js');
    const env = { DISPLAY: ':0', PATH: '/nonexistent' };
    const { reason } = await openBrowser('http://127.0.0.1:1/authorize', env, 'linux');
    const note = `Could not open a browser (${reason}); open the URL above yourself.`;
    const page = readFileSync(join(repoRoot, 'docs/getting-the-secrets.md'), 'utf8');
    expect(page.replace(/\s*\n\s*/g, ' ')).toContain(note);
    const { HEADLESS } = await import('../../src/cli/login.js');
    const headless = `No browser can be opened here (${NO_BROWSER_REASON};`;
    expect(HEADLESS.startsWith(headless)).toBe(true);
    expect(page.replace(/\s*\n\s*/g, ' ')).toContain(headless);
    const { authorizePrompt } = await import('../../src/cli/login-flows.js');
    const lead = authorizePrompt('URL', false, 60_000).split('\n')[1] ?? '';
    expect(page.replace(/\s*\n\s*/g, ' ')).toContain(lead);
  });

  test('the emulator flag that approves a PKCE sign-in is documented where the rehearsal is', () => {
    const cli = readFileSync(join(repoRoot, 'emulator/cli.ts'), 'utf8');
    expect(cli).toContain("'auto-authorize'");
    for (const file of ['emulator/README.md', 'docs/cli.md', 'docs/getting-the-secrets.md']) {
      expect({
        file,
        documented: readFileSync(join(repoRoot, file), 'utf8').includes('--auto-authorize'),
      }).toEqual({ file, documented: true });
    }
  });
});
