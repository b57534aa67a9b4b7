/**
 * The boundary check: every file under src/ sits in one layer, and imports only what its layer
 * may use. Run by __tests__/architecture/layers.test.ts (so by `npm test` and .ci/run), and by
 * hand: `npx tsx scripts/check-layers.ts [ROOT]` prints each violation and exits 1.
 *
 * The layers (one folder each under src/), lowest first; each row of LAYER_IMPORTS below says what a
 * folder may import:
 *   shared/         the few helpers every layer uses: user-facing errors, value formats, AWS names.
 *   secrets/        log hygiene: the neutraliser, the registry of known secrets, sealing.
 *   time/           clocks, deadlines, pacing, concurrency.
 *   http/           transport: retries, proxies, the CONNECT tunnel, the bounded HTTP handler.
 *   disk/           the job's disk, one trust boundary: where the shared files are, INI editing,
 *                   all-or-none writes, the token cache, locks, atomic writes and the checks of
 *                   what is read back. It logs nothing: it returns lines and warnings.
 *   sso/            the IAM Identity Center core. Knows nothing of GitHub or of a terminal.
 *   sts/            STS AssumeRole (role chaining); a bundle of its own.
 *   runner/         the runner protocol: inputs, log, masks, step summary.
 *   github-api/     the GitHub REST API: the secret write-back.
 *   steps/          what both action steps share: the token inputs and request, handoff, rotation.
 *   action/, list-accounts/, cli/, endpoint/   the front ends (dist/main + dist/post,
 *                   dist/list-accounts, dist/cli, dist/main/endpoint + dist/main/credential-process);
 *                   they never import each other; the CLI and the endpoint know no runner.
 * Besides: `@actions/*` only on a runner (TOOLKIT_LAYERS); no writing to the terminal
 * (process.stdout, process.stderr, console) below the front ends (SILENT_LAYERS); no import that
 * leaves src/ (the emulator, the tests), or whose target cannot be known before running.
 * Type-only imports count like the others: they couple the layers all the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const LAYER_IMPORTS = {
  shared: ['shared'],
  secrets: ['secrets', 'shared'],
  time: ['time', 'shared'],
  http: ['http', 'time', 'secrets', 'shared'],
  disk: ['disk', 'time', 'secrets', 'shared'],
  sso: ['sso', 'disk', 'http', 'time', 'secrets', 'shared'],
  sts: ['sts', 'sso', 'http', 'time', 'secrets', 'shared'],
  runner: ['runner', 'sso', 'http', 'time', 'secrets', 'shared'],
  'github-api': ['github-api', 'runner', 'sso', 'http', 'time', 'secrets', 'shared'],
  steps: ['steps', 'github-api', 'runner', 'sso', 'disk', 'http', 'time', 'secrets', 'shared'],
  action: [
    'action',
    'steps',
    'github-api',
    'runner',
    'sts',
    'sso',
    'disk',
    'http',
    'time',
    'secrets',
    'shared',
  ],
  'list-accounts': [
    'list-accounts',
    'steps',
    'github-api',
    'runner',
    'sso',
    'disk',
    'http',
    'time',
    'secrets',
    'shared',
  ],
  cli: ['cli', 'sso', 'disk', 'http', 'time', 'secrets', 'shared'],
  endpoint: ['endpoint', 'sts', 'sso', 'disk', 'http', 'time', 'secrets', 'shared'],
} as const satisfies Record<string, readonly string[]>;

export type Layer = keyof typeof LAYER_IMPORTS;

/** The layers that run on a GitHub runner, where the Actions toolkit belongs. */
const TOOLKIT_LAYERS: readonly Layer[] = [
  'runner',
  'github-api',
  'steps',
  'action',
  'list-accounts',
];
/** The layers every front end uses: whatever they printed would land in the CLI's output too. */
const SILENT_LAYERS: readonly Layer[] = ['shared', 'secrets', 'time', 'http', 'disk', 'sso', 'sts'];

export interface Violation {
  /** Relative to the root, with forward slashes: `src/sso/token.ts`. */
  readonly file: string;
  readonly line: number;
  /** The import specifier, or the expression that writes to the terminal. */
  readonly specifier: string;
  readonly rule: string;
}

/** One import of a file: the specifier, or undefined when it is computed at run time. */
interface ImportSite {
  readonly specifier: string | undefined;
  readonly text: string;
  readonly line: number;
}

export interface LayerScan {
  /** Every .ts file under src/, relative to the root. */
  readonly files: readonly string[];
  /** Layer → the layers it imports from (itself included), as found. */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
  readonly violations: readonly Violation[];
}

export function isLayer(name: string | undefined): name is Layer {
  return name !== undefined && Object.hasOwn(LAYER_IMPORTS, name);
}

/** The .ts files under `dir` (recursively), as absolute paths, sorted. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    })
    .sort();
}

/** Every module specifier of a source file: imports, re-exports, import(), require(), import types. */
function importSites(source: ts.SourceFile): ImportSite[] {
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined) => {
    const specifier = literal && ts.isStringLiteralLike(literal) ? literal.text : undefined;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    sites.push({ specifier, text: (literal ?? node).getText(source), line: line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      add(node, node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node.expression)) {
      add(node, node.arguments[0]);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node, node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

function isImportOrRequire(callee: ts.Expression): boolean {
  return (
    callee.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(callee) && callee.text === 'require')
  );
}

/** `process.stdout`, `process['stderr']`, `const { stdout } = process`, `console.log`, and the like. */
function terminalWrites(source: ts.SourceFile): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  const add = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ text: node.getText(source), line: line + 1 });
  };
  const isProcess = (node: ts.Node) => isGlobal(node, 'process');
  const isStream = (name: string | undefined) => name === 'stdout' || name === 'stderr';
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isProcess(node.expression)) {
      if (isStream(node.name.text)) add(node);
    } else if (ts.isElementAccessExpression(node) && isProcess(node.expression)) {
      const key = node.argumentExpression;
      if (ts.isStringLiteralLike(key) && isStream(key.text)) add(node);
    } else if (ts.isPropertyAccessExpression(node) && isGlobal(node.expression, 'console')) {
      add(node);
    } else if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer)) {
      if (ts.isObjectBindingPattern(node.name) && bindsStream(node.name, isStream)) add(node);
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (/^(node:)?process$/.test(node.moduleSpecifier.text) && importsStream(node, isStream)) {
        add(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `name`, or `globalThis.name`. */
function isGlobal(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'globalThis' &&
    node.name.text === name
  );
}

function bindsStream(pattern: ts.ObjectBindingPattern, isStream: (name: string) => boolean) {
  return pattern.elements.some((element) => {
    const key = element.propertyName ?? element.name;
    return ts.isIdentifier(key) && isStream(key.text);
  });
}

/** A default or namespace import of node:process reaches the streams too. */
function importsStream(node: ts.ImportDeclaration, isStream: (name: string) => boolean) {
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.name) return true;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return true;
  return bindings.elements.some((element) => isStream((element.propertyName ?? element.name).text));
}

/** What is wrong with one import of a file in `layer` (undefined when nothing is). */
function importProblem(srcDir: string, file: string, layer: Layer, site: ImportSite) {
  const { specifier } = site;
  if (specifier === undefined) return 'a computed import: its target cannot be checked';
  if (specifier.startsWith('@actions/') && !TOOLKIT_LAYERS.includes(layer)) {
    return `${layer}/ may not use the Actions toolkit (only ${TOOLKIT_LAYERS.join(', ')} may)`;
  }
  if (specifier.startsWith('/')) return 'an absolute path: import by a relative one';
  if (!specifier.startsWith('.')) return undefined; // a package or a node: builtin
  const target = relative(srcDir, resolve(dirname(file), specifier)).split(sep);
  // The package manifest is build-time data (the CLI's --version), not code of another layer.
  if (target.join('/') === '../package.json') return undefined;
  if (target[0] === '..' || target[0] === '') return 'reaches outside src/';
  const targetLayer = target.length > 1 ? target[0] : undefined;
  if (!isLayer(targetLayer)) return `${target.join('/')} is not in a layer folder`;
  const allowed: readonly string[] = LAYER_IMPORTS[layer];
  if (allowed.includes(targetLayer)) return undefined;
  return `${layer}/ may not import ${targetLayer}/ (it may import ${allowed.join(', ')})`;
}

function layerOf(srcDir: string, file: string): string | undefined {
  const parts = relative(srcDir, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Reads every src/**.ts under `root` and checks it against the layers. */
export function scanLayers(root: string): LayerScan {
  const srcDir = resolve(root, 'src');
  const files = sourceFiles(srcDir);
  const violations: Violation[] = [];
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const name = relative(root, file).split(sep).join(posix.sep);
    const layer = layerOf(srcDir, file);
    if (!isLayer(layer)) {
      const rule = `not in a layer folder (${Object.keys(LAYER_IMPORTS).join(', ')})`;
      violations.push({ file: name, line: 1, specifier: '', rule });
      continue;
    }
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const seen = edges.get(layer) ?? new Set<string>();
    edges.set(layer, seen);
    for (const site of importSites(source)) {
      const rule = importProblem(srcDir, file, layer, site);
      if (rule) violations.push({ file: name, line: site.line, specifier: site.text, rule });
      else if (site.specifier?.startsWith('.')) {
        seen.add(layerOf(srcDir, resolve(dirname(file), site.specifier)) ?? '');
      }
    }
    if (!SILENT_LAYERS.includes(layer)) continue;
    for (const write of terminalWrites(source)) {
      const rule = `${layer}/ may not write to the terminal: return data, let the front end print`;
      violations.push({ file: name, line: write.line, specifier: write.text, rule });
    }
  }
  return {
    files: files.map((file) => relative(root, file).split(sep).join(posix.sep)),
    edges,
    violations,
  };
}

export function checkLayers(root: string): Violation[] {
  return [...scanLayers(root).violations];
}

export function formatViolation(violation: Violation): string {
  const where = `${violation.file}:${violation.line}`;
  return violation.specifier
    ? `${where}: ${violation.specifier}: ${violation.rule}`
    : `${where}: ${violation.rule}`;
}

function main(): void {
  const root = resolve(process.argv[2] ?? '.');
  const violations = checkLayers(root);
  for (const violation of violations) process.stderr.write(`${formatViolation(violation)}\n`);
  if (violations.length > 0) {
    process.stderr.write(`${violations.length} import(s) cross a layer boundary the wrong way.\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
