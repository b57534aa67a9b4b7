import { ListAccountRolesCommand, ListAccountsCommand, type SSOClient } from '@aws-sdk/client-sso';
import {
  type AttemptLimits,
  classify,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  requestOptions,
} from '../http/retry.js';
import { ACCOUNT_ID, ROLE_NAME } from '../shared/validation.js';
import { mapConcurrently } from '../time/concurrency.js';
import { AdaptivePacer } from '../time/pacer.js';
import { type ProgressCadence, ProgressTicker } from '../time/progress.js';
import { IdentityCenterError } from './identity-center-error.js';
import type { Operation } from './problems.js';
import { InvalidResponseError } from './response-shapes.js';
import { type CallContext, callService } from './service-errors.js';

/** An account the access token's user is assigned to, with the permission sets there. */
export interface AccountWithRoles {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
}

/** How far a listing has come. */
export type ListProgress =
  /** Still paging through ListAccounts: `found` accounts so far (time-based, no total yet). */
  | { readonly stage: 'accounts'; readonly found: number }
  /**
   * Listing the roles of `total` accounts (those the filter kept of the `found`), `listed` of
   * them done; the first report has `listed` 0 and the last `listed` === `total`.
   */
  | {
      readonly stage: 'roles';
      readonly listed: number;
      readonly total: number;
      readonly found: number;
    };

/** Spaces out requests; told how the service answered each. */
export interface RequestPacer {
  acquire(): Promise<void>;
  succeeded(): void;
  throttled(): void;
}

export interface ListOptions {
  /** How many accounts' roles are fetched at once. Default 4. */
  concurrency?: number;
  retry?: RetryPolicy;
  /**
   * Keeps only the accounts it accepts, before their roles are listed: every account left out
   * saves a ListAccountRoles request.
   */
  accountFilter?: (account: { accountId: string; accountName: string }) => boolean;
  /**
   * Told how far the listing has come: when it starts on the roles, after each tenth of the
   * accounts, and at least every 5 seconds while it goes on (`cadence`).
   */
  onProgress?: (progress: ListProgress) => void;
  cadence?: ProgressCadence;
  /** Paces every request of the listing. Default: one that learns the rate from throttling. */
  pacer?: RequestPacer;
}

const DEFAULT_CONCURRENCY = 4;

/** The most items the portal gives in one page (`max_result`); fewer pages, fewer requests. */
const PAGE_SIZE = 100;

/** 100,000 accounts, or roles of one account: past that, a service that never ends its pages. */
const MAX_PAGES = 1000;
/** Pages of more than 100 items add up: what a hostile endpoint can make a listing hold is bounded. */
const MAX_ITEMS = 100_000;

/**
 * Every account and role the token can reach (ListAccounts, then ListAccountRoles per account,
 * all pages of both), sorted by account id and role name so that output is stable. Every
 * request goes through the pacer and the retry policy, so that a listing of a thousand accounts
 * runs near the rate the service admits instead of bursting into its throttling.
 */
export async function listAccountsWithRoles(
  portal: SSOClient,
  accessToken: string,
  options: ListOptions = {},
): Promise<AccountWithRoles[]> {
  const call = pacedCall(options.pacer ?? new AdaptivePacer(), options.retry);
  const listed = await listAccounts(portal, accessToken, call, options);
  const keep = options.accountFilter;
  const accounts = keep
    ? listed.filter((a) => keep({ accountId: a.accountId, accountName: a.accountName }))
    : listed;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const onProgress = options.onProgress;
  const ticker = new ProgressTicker(
    accounts.length,
    (done) =>
      onProgress?.({ stage: 'roles', listed: done, total: accounts.length, found: listed.length }),
    options.cadence,
  );
  if (onProgress && accounts.length > 0) ticker.start();
  try {
    const withRoles = await mapConcurrently(accounts, concurrency, async (account) => {
      const roles = await listRoles(portal, accessToken, account.accountId, call);
      if (onProgress) ticker.advance();
      return { ...account, roles };
    });
    return withRoles.sort((a, b) => compare(a.accountId, b.accountId));
  } finally {
    ticker.stop();
  }
}

type ListedAccount = Omit<AccountWithRoles, 'roles'>;

/** Every page of ListAccounts, with a heartbeat while they come. */
async function listAccounts(
  portal: SSOClient,
  accessToken: string,
  call: PacedCall,
  options: ListOptions,
): Promise<ListedAccount[]> {
  const onProgress = options.onProgress;
  const ticker = new ProgressTicker(
    undefined,
    (found) => onProgress?.({ stage: 'accounts', found }),
    options.cadence,
  );
  if (onProgress) ticker.start({ quietly: true });
  try {
    const pages = allPages('ListAccounts', async (nextToken) => {
      // Checked inside the call: an invalid page fails it (not retried), named as ListAccounts.
      const page = await call({ operation: 'ListAccounts' }, async (limits) => {
        const output = await portal.send(
          new ListAccountsCommand({ accessToken, maxResults: PAGE_SIZE, nextToken }),
          requestOptions(limits),
        );
        return {
          items: listOf(output.accountList, 'accountList').map(readAccount),
          nextToken: nextTokenOf(output.nextToken),
        };
      });
      ticker.advance(page.items.length);
      return page;
    });
    return await pages;
  } finally {
    ticker.stop();
  }
}

/** Every page of ListAccountRoles for one account: the role names, sorted. */
async function listRoles(
  portal: SSOClient,
  accessToken: string,
  accountId: string,
  call: PacedCall,
): Promise<string[]> {
  const roles = await allPages('ListAccountRoles', async (nextToken) =>
    call({ operation: 'ListAccountRoles', accountId }, async (limits) => {
      const output = await portal.send(
        new ListAccountRolesCommand({ accessToken, accountId, maxResults: PAGE_SIZE, nextToken }),
        requestOptions(limits),
      );
      return {
        items: listOf(output.roleList, 'roleList').flatMap(readRoleName),
        nextToken: nextTokenOf(output.nextToken),
      };
    }),
  );
  return roles.sort(compare);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type PacedCall = <Output>(
  context: CallContext,
  send: (limits: AttemptLimits) => Promise<Output>,
) => Promise<Output>;

/**
 * One request under the retry policy, each attempt waiting for its slot from the pacer and
 * telling it how the service answered. A retry after throttling is paced like any request.
 */
function pacedCall(pacer: RequestPacer, retry: RetryPolicy = DEFAULT_RETRY_POLICY): PacedCall {
  return (context, send) =>
    callService(
      context,
      async (limits) => {
        await pacer.acquire();
        try {
          const output = await send(limits);
          pacer.succeeded();
          return output;
        } catch (error) {
          if (classify(error) === 'throttling') pacer.throttled();
          throw error;
        }
      },
      retry,
    );
}

/**
 * Follows nextToken page by page. Each page is its own call with its own retries, so a retry
 * resumes from the page that failed and keeps what was collected. A service that repeats a
 * token (any earlier one, not only the last), never stops paging, or sends more than 100,000
 * items is refused rather than followed forever.
 */
async function allPages<Item>(
  operation: Operation,
  fetchPage: (
    nextToken: string | undefined,
  ) => Promise<{ items: Item[]; nextToken?: string | undefined }>,
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const result = await fetchPage(token);
    items.push(...result.items);
    if (items.length > MAX_ITEMS) {
      throw endless(operation, `more than ${MAX_ITEMS} items (${page} pages); stopped`);
    }
    if (!result.nextToken) return items;
    if (seen.has(result.nextToken) || page >= MAX_PAGES) {
      throw endless(
        operation,
        `the pages would not end (${page} so far, each with a next token); stopped`,
      );
    }
    seen.add(result.nextToken);
    token = result.nextToken;
  }
}

function endless(operation: Operation, detail: string): IdentityCenterError {
  return new IdentityCenterError({
    kind: 'call-failed',
    operation,
    cause: { kind: 'malformed-response', detail },
  });
}

/** A next token is an opaque string; absent, null or empty ends the listing. */
function nextTokenOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InvalidResponseError('invalid response: nextToken is not a string');
  return value;
}

/** A list member of a page: absent is empty, anything but an array is an invalid answer. */
function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new InvalidResponseError(`invalid response: ${what} is not a list`);
  return value;
}

/** Text a person reads: no control characters (real names are printable), bounded. */
function isDisplayText(value: unknown, maxLength: number): value is string {
  return (
    typeof value === 'string' &&
    value.length <= maxLength &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    !/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(
      value,
    )
  );
}

/**
 * One entry of accountList, checked: a 12-digit id (it names files, jobs and requests), and a
 * name and email without control characters. Quotes nothing from a value that fails.
 */
function readAccount(entry: unknown): ListedAccount {
  const { accountId, accountName, emailAddress } = (entry ?? {}) as Record<string, unknown>;
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new InvalidResponseError(
      'invalid response: an accountId in accountList is not 12 digits',
    );
  }
  const name = accountName ?? '';
  if (!isDisplayText(name, 256)) {
    throw new InvalidResponseError(
      `invalid response: the accountName of account ${accountId} is not text without control characters (at most 256)`,
    );
  }
  const email = emailAddress ?? '';
  if (!isDisplayText(email, 254)) {
    throw new InvalidResponseError(
      `invalid response: the emailAddress of account ${accountId} is not text without control characters (at most 254)`,
    );
  }
  return { accountId, accountName: name, ...(email ? { emailAddress: email } : {}) };
}

/** One entry of roleList: a permission set name as IAM allows it, or nothing when absent. */
function readRoleName(entry: unknown): string[] {
  const { roleName } = (entry ?? {}) as Record<string, unknown>;
  if (roleName === undefined || roleName === null || roleName === '') return [];
  if (typeof roleName !== 'string' || !ROLE_NAME.test(roleName)) {
    throw new InvalidResponseError(
      'invalid response: a roleName in roleList is not a permission set name (1-64 letters, digits or +=,.@_-)',
    );
  }
  return [roleName];
}
