import { InputError } from '../shared/errors.js';
import { ACCOUNT_ID, PROFILE_NAME, ROLE_NAME } from '../shared/validation.js';

/** One line of the `profiles` input: a profile name for one account and permission set. */
export interface ProfileSpec {
  readonly profile: string;
  readonly accountId: string;
  readonly roleName: string;
  /** 1-based line in the input, for messages about this profile. */
  readonly line: number;
}

/** `name = account-id/role-name`, with optional spaces around `=` and `/`. */
const LINE = /^([^=]*?)\s*=\s*([^/]*?)\s*\/\s*(.*)$/;

type Parsed = { spec: ProfileSpec } | { problem: string } | undefined;

/**
 * Parses the `profiles` input: one profile per line, blank lines and `#` comments allowed (no
 * valid name, id or role contains `#`, so everything after one is a comment). Every line is
 * checked and every problem reported at once with its line number; values are quoted only once
 * they have passed their format check, since a line pasted in by mistake may hold a secret.
 */
export function parseProfiles(text: string, input: string): ProfileSpec[] {
  const specs: ProfileSpec[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const parsed = parseLine(raw, index + 1);
    if (parsed && 'problem' in parsed) problems.push(`line ${index + 1}: ${parsed.problem}`);
    if (!parsed || !('spec' in parsed)) return;
    const { spec } = parsed;
    const earlier = seen.get(spec.profile);
    if (earlier !== undefined) {
      problems.push(`line ${spec.line}: profile '${spec.profile}' is already on line ${earlier}`);
      return;
    }
    seen.set(spec.profile, spec.line);
    specs.push(spec);
  });
  if (problems.length > 0) throw new InputError(input, `has errors: ${problems.join('; ')}`);
  if (specs.length === 0) {
    throw new InputError(
      input,
      'has no profiles: give one line per profile, `name = account-id/role-name`',
    );
  }
  return specs;
}

function parseLine(raw: string, line: number): Parsed {
  const content = raw.replace(/#.*/, '').trim();
  if (content === '') return undefined;
  const match = LINE.exec(content);
  if (!match) return { problem: 'expected `name = account-id/role-name`' };
  const [, profile = '', accountId = '', roleName = ''] = match;
  if (!PROFILE_NAME.test(profile)) {
    return { problem: 'the profile name must be letters, digits or ._-@+ (at most 128)' };
  }
  if (!ACCOUNT_ID.test(accountId)) return { problem: 'the account id must be 12 digits' };
  if (!ROLE_NAME.test(roleName)) {
    return {
      problem: 'the role name must be a permission set name: 1-64 letters, digits or +=,.@_-',
    };
  }
  return { spec: { profile, accountId, roleName, line } };
}
