import {
  paginateListAccountRoles,
  paginateListAccounts,
  type SSOClient,
} from '@aws-sdk/client-sso';
import { mapConcurrently } from '../shared/concurrency.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { type CallContext, callService } from './service-errors.js';

/** An account the access token's user is assigned to, with the permission sets there. */
export interface AccountWithRoles {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
}

export interface ListOptions {
  /** How many accounts' roles are fetched at once; the portal throttles bursts. Default 4. */
  concurrency?: number;
  retry?: RetryPolicy;
  /**
   * Keeps only the accounts it accepts, before their roles are listed: every account left out
   * saves a ListAccountRoles request.
   */
  accountFilter?: (account: { accountId: string; accountName: string }) => boolean;
}

export const DEFAULT_CONCURRENCY = 4;

/**
 * Every account and role the token can reach (ListAccounts, then ListAccountRoles per account,
 * all pages of both), sorted by account id and role name so that output is stable.
 */
export async function listAccountsWithRoles(
  portal: SSOClient,
  accessToken: string,
  options: ListOptions = {},
): Promise<AccountWithRoles[]> {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const listed = await allPages(
    { operation: 'ListAccounts' },
    retry,
    (startingToken) => paginateListAccounts({ client: portal, startingToken }, { accessToken }),
    (page) => page.accountList ?? [],
  );
  const keep = options.accountFilter;
  const accounts = keep
    ? listed.filter((a) => keep({ accountId: a.accountId ?? '', accountName: a.accountName ?? '' }))
    : listed;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const withRoles = await mapConcurrently(accounts, concurrency, async (account) => {
    const accountId = account.accountId ?? '';
    const roles = await allPages(
      { operation: 'ListAccountRoles', accountId },
      retry,
      (startingToken) =>
        paginateListAccountRoles({ client: portal, startingToken }, { accessToken, accountId }),
      (page) => page.roleList ?? [],
    );
    return {
      accountId,
      accountName: account.accountName ?? '',
      ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}),
      roles: roles.flatMap((role) => (role.roleName ? [role.roleName] : [])).sort(compare),
    };
  });
  return withRoles.sort((a, b) => compare(a.accountId, b.accountId));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Collects every page under the retry policy. A retry resumes from the last page that arrived
 * (the paginator's startingToken) instead of starting over, and keeps what was collected.
 */
async function allPages<Page extends { nextToken?: string }, Item>(
  context: CallContext,
  retry: RetryPolicy,
  open: (startingToken: string | undefined) => AsyncIterable<Page>,
  itemsOf: (page: Page) => Item[],
): Promise<Item[]> {
  const items: Item[] = [];
  let token: string | undefined;
  await callService(
    context,
    async () => {
      for await (const page of open(token)) {
        items.push(...itemsOf(page));
        token = page.nextToken;
      }
    },
    retry,
  );
  return items;
}
