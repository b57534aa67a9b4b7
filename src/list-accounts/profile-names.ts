import { UserError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { ACCOUNT_ID, ROLE_NAME } from '../shared/validation.js';

/**
 * The profile name of one account and permission set in a group, e.g.
 * `Production-3f9a1c2b.ReadOnly`: the account name made safe, a tag of the account id, a dot,
 * the permission set.
 *
 * The name is a function of the pair alone, never of what else is listed, so that it stays the
 * same from run to run while accounts come and go: the tag is always there, not only when two
 * names would collide. Account names are not unique in an organisation (two "Sandbox" accounts
 * are common), and a name that grew a suffix the day a namesake appeared would break every
 * script that used it. The tag is the first 8 hex digits of the SHA-256 of the account id: as
 * distinct as the id for any realistic number of namesakes, without repeating the 12 digits
 * (which `mask-account-id` would turn into `***` in the log).
 *
 * The account part keeps letters, digits and `_@+-` and turns every other run of characters
 * into one `-`, dots included, so that the first dot always ends it; at most 40 characters.
 * An account whose name leaves nothing (say, a name in another script) is named by its id
 * instead, which needs no tag. Permission set names may hold `=` and `,`, which profile names
 * may not: those become `-`, and such a role gets a tag of its own name, as two roles could
 * otherwise meet (`A=B` and `A-B`). The longest name is 40 + 9 + 1 + 64 + 9 = 123 characters.
 */
export function profileName(accountId: string, accountName: string, roleName: string): string {
  const account = accountSlug(accountName);
  const accountPart = account ? `${account}-${tag(accountId)}` : accountId;
  const role = roleName.replace(/[=,]/g, '-');
  const rolePart = role === roleName ? role : `${role}-${tag(roleName)}`;
  return `${accountPart}.${rolePart}`;
}

const MAX_ACCOUNT_SLUG = 40;

function accountSlug(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_@+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_ACCOUNT_SLUG)
    .replace(/^-+|-+$/g, '');
}

function tag(value: string): string {
  return sha256Hex(value).slice(0, 8);
}

/** An account and permission set with its profile name. */
export interface NamedPair {
  readonly profile: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly roleName: string;
}

/**
 * Names every pair, and checks what the main action's `profiles` input will check: a valid
 * account id and role name (they came from the service: untrusted until checked; the names made
 * from them are valid by construction), and no name twice. Two tags would have to agree on 32 bits for that to happen; should it ever,
 * the step fails naming both pairs rather than hand out a name that depends on the listing.
 */
export function namePairs(
  pairs: readonly { accountId: string; accountName: string; roleName: string }[],
): NamedPair[] {
  const seen = new Map<string, NamedPair>();
  return pairs.map((pair) => {
    checkPair(pair.accountId, pair.roleName);
    const named = {
      profile: profileName(pair.accountId, pair.accountName, pair.roleName),
      ...pair,
    };
    const earlier = seen.get(named.profile);
    if (earlier) {
      throw new UserError(
        `Account ${earlier.accountId} with permission set '${earlier.roleName}' and account ${pair.accountId} with '${pair.roleName}' would get the same profile name '${named.profile}'. Please report this; meanwhile leave one out with 'account-filter' or 'role-filter'.`,
      );
    }
    seen.set(named.profile, named);
    return named;
  });
}

/**
 * What the service listed must be a 12-digit id and a permission set name (1-64 of `\w+=,.@-`):
 * a `profiles` line must not carry a newline or a `#` from a misbehaving service. Neither value
 * is quoted unless it passed.
 */
function checkPair(accountId: string, roleName: string): void {
  if (!ACCOUNT_ID.test(accountId)) {
    throw new UserError(
      'IAM Identity Center listed an account whose id is not 12 digits; it cannot be written as a profile.',
    );
  }
  if (!ROLE_NAME.test(roleName)) {
    throw new UserError(
      `IAM Identity Center listed a permission set in account ${accountId} whose name is not a valid permission set name; it cannot be written as a profile.`,
    );
  }
}
