/**
 * Secret-leak checks on a finished run.
 *
 * Policy: a secret must never be written to stdout, stderr or the step summary, in plain form or
 * JSON-string-escaped or URL-encoded — even after add-mask, because masking is a last line of
 * defence (it misses split or transformed values, and the raw stream still carries it). The only
 * allowed place in the log streams is an `::add-mask::` line, which the runner consumes.
 * GITHUB_ENV / GITHUB_OUTPUT are not logs and are not scanned unless asked.
 */
import type { ActionResult } from './runner.js';
import { encodedForms, splitLines } from './workflow-commands.js';

export type LeakLocation = 'stdout' | 'stderr' | 'summary' | 'env-file' | 'output-file';
export type SecretForm = 'raw' | 'json' | 'url';

export interface LeakReport {
  /** The secret that leaked (full value: print `label`, not this). */
  secret: string;
  where: LeakLocation;
  /** 0-based line index within `where` (same numbering as WorkflowCommand.line). */
  line: number;
  /** The offending line with every scanned secret replaced by its label. */
  text: string;
  /** Which form of the secret was found. */
  form: SecretForm;
  /** Safe description: first 6 characters and the length. */
  label: string;
}

export interface FindLeaksOptions {
  /** Default true: secrets in GITHUB_ENV / GITHUB_OUTPUT are fine. False also scans those files. */
  allowInEnvAndOutputs?: boolean;
}

export const MIN_SECRET_LENGTH = 8;

/** What a scan reads: a step's result, or a plain process dressed as one (no commands, no summary). */
export type ScannedOutput = Pick<
  ActionResult,
  'stdout' | 'stderr' | 'summary' | 'commands' | 'stderrCommands'
> &
  Partial<Pick<ActionResult, 'files'>>;

/** `"AbCdEf…" (40 chars)`: enough to recognise a secret, not enough to use it. */
export function secretLabel(secret: string): string {
  return `"${secret.slice(0, 6)}…" (${secret.length} chars)`;
}

/** The forms of a secret that are searched: plain, JSON-escaped, URL-encoded. */
export function secretForms(secret: string): { form: SecretForm; text: string }[] {
  return [{ form: 'raw', text: secret }, ...encodedForms(secret)];
}

function validate(secrets: readonly string[]): string[] {
  const unique = [...new Set(secrets)];
  for (const [i, secret] of unique.entries()) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `Secret #${i} is ${typeof secret === 'string' ? `${secret.length} chars` : typeof secret}; ` +
          `leak scans need secrets of at least ${MIN_SECRET_LENGTH} characters to mean anything.`,
      );
    }
  }
  return unique;
}

function replaceForms(
  text: string,
  secrets: Iterable<string>,
  replacement: (secret: string) => string,
): string {
  const pairs: [string, string][] = [];
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const { text: form } of secretForms(secret)) pairs.push([form, replacement(secret)]);
  }
  pairs.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [form, label] of pairs) out = out.split(form).join(label);
  return out;
}

/** Replaces every secret (and its JSON/URL-encoded forms) with `***`, like the runner's masker. */
export function redact(text: string, secrets: Iterable<string>): string {
  return replaceForms(text, secrets, () => '***');
}

function addMaskLines(result: ScannedOutput): { stdout: Set<number>; stderr: Set<number> } {
  const pick = (commands: ActionResult['commands']) =>
    new Set(commands.filter((c) => c.command === 'add-mask').map((c) => c.line));
  return { stdout: pick(result.commands), stderr: pick(result.stderrCommands) };
}

/**
 * Every line of stdout, stderr and the step summary that contains one of `secrets` (plain,
 * JSON-escaped or URL-encoded), except `::add-mask::` lines. Throws for secrets shorter than
 * 8 characters.
 */
export function findLeaks(
  result: ScannedOutput,
  secrets: string[],
  opts: FindLeaksOptions = {},
): LeakReport[] {
  const scanned = validate(secrets);
  const skip = addMaskLines(result);
  const sources: { where: LeakLocation; lines: string[]; skip?: Set<number> }[] = [
    { where: 'stdout', lines: splitLines(result.stdout), skip: skip.stdout },
    { where: 'stderr', lines: splitLines(result.stderr), skip: skip.stderr },
    { where: 'summary', lines: splitLines(result.summary) },
  ];
  if (opts.allowInEnvAndOutputs === false) {
    sources.push(
      { where: 'env-file', lines: splitLines(result.files?.env ?? '') },
      { where: 'output-file', lines: splitLines(result.files?.output ?? '') },
    );
  }

  const leaks: LeakReport[] = [];
  for (const source of sources) {
    source.lines.forEach((text, line) => {
      if (source.skip?.has(line)) return;
      for (const secret of scanned) {
        const found = secretForms(secret).find((f) => text.includes(f.text));
        if (!found) continue;
        let safe = replaceForms(text, scanned, (s) => `<secret ${secretLabel(s)}>`);
        if (safe.length > 300) safe = `${safe.slice(0, 300)}…`;
        leaks.push({
          secret,
          where: source.where,
          line,
          text: safe,
          form: found.form,
          label: secretLabel(secret),
        });
      }
    });
  }
  return leaks;
}

/**
 * True when an `::add-mask::<secret>` (exact value) is on stdout before any other stdout line
 * containing the secret in any searched form. False when it is never masked.
 */
export function maskedBeforeUse(result: ActionResult, secret: string): boolean {
  if (secret === '') return false;
  const mask = result.commands.find((c) => c.command === 'add-mask' && c.message === secret);
  if (!mask) return false;
  const skip = addMaskLines(result).stdout;
  const forms = secretForms(secret);
  const lines = splitLines(result.stdout);
  for (let i = 0; i < mask.line; i++) {
    if (skip.has(i)) continue;
    const text = lines[i] ?? '';
    if (forms.some((f) => text.includes(f.text))) return false;
  }
  return true;
}

/** Whitespace, controls and the characters a reader does not see (the forms an echo hides a secret in). */
const UNSEEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: taking them out is the point
  /[\s\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;

/**
 * Every visible line (not `::add-mask::`) of stdout, stderr and the summary that, read as a person
 * reads it (whitespace, controls and invisible characters taken out), holds a piece of
 * MIN_SECRET_LENGTH characters of one of `secrets`: a secret echoed spaced out, split across a
 * line or cut into pieces. Each window of each secret is looked up once per line position.
 */
export function findSecretPieces(result: ScannedOutput, secrets: readonly string[]): LeakReport[] {
  const owner = new Map<string, string>();
  for (const secret of validate([...secrets])) {
    for (const { text } of secretForms(secret)) {
      for (let at = 0; at + MIN_SECRET_LENGTH <= text.length; at++) {
        owner.set(text.slice(at, at + MIN_SECRET_LENGTH), secret);
      }
    }
  }
  const skip = addMaskLines(result);
  const sources: { where: LeakLocation; lines: string[]; skip?: Set<number> }[] = [
    { where: 'stdout', lines: splitLines(result.stdout), skip: skip.stdout },
    { where: 'stderr', lines: splitLines(result.stderr), skip: skip.stderr },
    { where: 'summary', lines: splitLines(result.summary) },
  ];
  const leaks: LeakReport[] = [];
  for (const source of sources) {
    source.lines.forEach((line, index) => {
      if (source.skip?.has(index)) return;
      const seen = line.replace(UNSEEN, '');
      for (let at = 0; at + MIN_SECRET_LENGTH <= seen.length; at++) {
        const secret = owner.get(seen.slice(at, at + MIN_SECRET_LENGTH));
        if (secret === undefined) continue;
        leaks.push({
          secret,
          where: source.where,
          line: index,
          text: `a piece of 8 at ${at} of the line read without blanks`,
          form: 'raw',
          label: secretLabel(secret),
        });
        return;
      }
    });
  }
  return leaks;
}

/** Throws when any piece of 8 characters of a secret can be read in the output (secret prefixes only). */
export function expectNoSecretPieces(result: ScannedOutput, secrets: string[]): void {
  const leaks = findSecretPieces(result, secrets);
  if (leaks.length === 0) return;
  throw new Error(`${leaks.length} secret piece(s) readable:\n${formatLeaks(leaks)}`);
}

/** Human-readable leak list that names secrets by prefix and length only. */
export function formatLeaks(leaks: readonly LeakReport[]): string {
  return leaks
    .map((l) => `  - ${l.label} in ${l.where} line index ${l.line} (${l.form} form): ${l.text}`)
    .join('\n');
}

/** Throws a readable report (secret prefixes only, never whole secrets) when anything leaked. */
export function expectNoLeaks(result: ScannedOutput, secrets: string[]): void {
  const leaks = findLeaks(result, secrets);
  if (leaks.length === 0) return;
  throw new Error(`${leaks.length} secret leak(s) found:\n${formatLeaks(leaks)}`);
}

/**
 * Throws unless every secret was add-masked before it (or any encoded form) appeared on stdout.
 * Values shorter than MIN_SECRET_LENGTH (whitespace not counted) are not secrets to the actions,
 * which never mask them (src/secrets/known-secrets.ts isPlausibleSecret): they are skipped here.
 */
export function expectMaskedBeforeUse(result: ActionResult, secrets: readonly string[]): void {
  const distinct = [...new Set(secrets)].filter(
    (secret) => secret.replace(/\s/g, '').length >= MIN_SECRET_LENGTH,
  );
  const bad = distinct.filter((secret) => !maskedBeforeUse(result, secret));
  if (bad.length === 0) return;
  throw new Error(
    `Not masked before first use: ${bad.map(secretLabel).join(', ')}\n` +
      `(add-mask values registered: ${result.masks.length})`,
  );
}

/** The secret inputs of the action (action.yml; src/steps/token-inputs.ts SECRET_INPUTS). */
export const SECRET_INPUT_NAMES = [
  'access-token',
  'refresh-token',
  'client-id',
  'client-secret',
  'sso-session',
  'github-token',
] as const;

/** The secret inputs a run was given (the non-empty ones). */
export function secretInputs(inputs: Record<string, string>): string[] {
  return SECRET_INPUT_NAMES.map((name) => inputs[name] ?? '').filter((value) => value !== '');
}

/** The distinct values of `secrets` long enough to scan for (shorter ones cannot mean anything). */
export function scannable(secrets: readonly (string | undefined)[]): string[] {
  return [...new Set(secrets)].filter(
    (value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH,
  );
}

/**
 * Counts what a suite scanned: distinct secret values, and (run, secret) checks. Every scan
 * also asserts that none of the values appears in stdout, stderr or the step summary other
 * than on an `::add-mask::` line.
 */
export class SecretTally {
  private readonly distinct = new Set<string>();
  checks = 0;
  runs = 0;

  scan(result: ActionResult, secrets: readonly (string | undefined)[]): void {
    const values = scannable(secrets);
    expectNoLeaks(result, values);
    for (const value of values) this.distinct.add(value);
    this.checks += values.length;
    this.runs += 1;
  }

  get count(): number {
    return this.distinct.size;
  }

  toString(): string {
    return `secrets-scanned=${this.count} (${this.checks} checks over ${this.runs} runs)`;
  }
}
