import { Inputs } from '../runner/constants.js';
import { plural } from '../shared/plural.js';
import type { ListProgress } from '../sso/accounts.js';

/** A progress report of the listing as a log line, e.g. "Roles listed for 240 of 600 accounts." */
export function describeProgress(progress: ListProgress, filtered: boolean): string {
  if (progress.stage === 'accounts') return `Listing accounts: ${progress.found} so far.`;
  const { listed, total, found } = progress;
  if (listed > 0) return `Roles listed for ${listed} of ${plural(total, 'account')}.`;
  const kept = filtered ? `, ${total} of them matching '${Inputs.AccountFilter}'` : '';
  return `Found ${plural(found, 'account')}${kept}; listing their permission sets.`;
}
