import {
  ListAccountRolesCommand,
  ListAccountsCommand,
  SSOClient,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-sso';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { RetryPolicy } from '../../src/http/retry.js';
import { type ListProgress, listAccountsWithRoles } from '../../src/sso/accounts.js';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';

/** listAccountsWithRoles over a real SSOClient whose send is scripted (the paginators need one). */

const FAST_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 0,
  throttlingBaseDelayMs: 0,
  maxDelayMs: 0,
};

const clients: SSOClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

interface Portal {
  client: SSOClient;
  log: string[];
  maxInFlight: () => number;
}

/**
 * Accounts in pages of two (ids as given), each with the given roles in pages of two; `failOnce`
 * names requests (`accounts:<token>` or `roles:<id>:<token>`) that fail the first time.
 */
function portal(accounts: Record<string, string[]>, failOnce: string[] = []): Portal {
  const client = new SSOClient({ region: 'us-east-1' });
  clients.push(client);
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const page = <T>(items: T[], token: string | undefined) => {
    const start = Number(token ?? 0);
    const next = start + 2 < items.length ? String(start + 2) : undefined;
    return { items: items.slice(start, start + 2), ...(next ? { nextToken: next } : {}) };
  };
  const answer = (command: ListAccountsCommand | ListAccountRolesCommand) => {
    const { nextToken } = command.input;
    if (command instanceof ListAccountsCommand) {
      const { items, ...rest } = page(Object.keys(accounts), nextToken);
      return {
        accountList: items.map((id) => ({ accountId: id, accountName: `n${id}` })),
        ...rest,
      };
    }
    const accountId = command.input.accountId ?? '';
    const { items, ...rest } = page(accounts[accountId] ?? [], nextToken);
    return { roleList: items.map((roleName) => ({ roleName, accountId })), ...rest };
  };
  client.send = (async (command: ListAccountsCommand | ListAccountRolesCommand) => {
    const key =
      command instanceof ListAccountsCommand
        ? `accounts:${command.input.nextToken ?? ''}`
        : `roles:${command.input.accountId}:${command.input.nextToken ?? ''}`;
    log.push(key);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight -= 1;
    const failing = failOnce.indexOf(key);
    if (failing >= 0) {
      failOnce.splice(failing, 1);
      throw new TooManyRequestsException({ $metadata: { httpStatusCode: 429 }, message: 'slow' });
    }
    return answer(command);
  }) as unknown as SSOClient['send'];
  return { client, log, maxInFlight: () => maxInFlight };
}

describe('listAccountsWithRoles', () => {
  test('follows every page of both listings and sorts accounts and roles', async () => {
    const fake = portal({
      '333333333333': ['b', 'a', 'c'],
      '111111111111': ['Z', 'A'],
      '222222222222': [],
    });
    const result = await listAccountsWithRoles(fake.client, 'token', { retry: FAST_RETRY });
    expect(result).toEqual([
      { accountId: '111111111111', accountName: 'n111111111111', roles: ['A', 'Z'] },
      { accountId: '222222222222', accountName: 'n222222222222', roles: [] },
      { accountId: '333333333333', accountName: 'n333333333333', roles: ['a', 'b', 'c'] },
    ]);
    expect(fake.log.filter((key) => key.startsWith('accounts:'))).toEqual([
      'accounts:',
      'accounts:2',
    ]);
    expect(fake.log).toContain('roles:333333333333:2');
  });

  test('a retried page resumes where the listing stopped, keeping what arrived', async () => {
    const fake = portal(
      { '111111111111': ['r1'], '222222222222': ['r2'], '333333333333': ['a', 'b', 'c'] },
      ['accounts:2', 'roles:333333333333:2'],
    );
    const result = await listAccountsWithRoles(fake.client, 'token', { retry: FAST_RETRY });
    expect(result.map((account) => account.accountId)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
    expect(result[2]?.roles).toEqual(['a', 'b', 'c']);
    const accountCalls = fake.log.filter((key) => key.startsWith('accounts:'));
    expect(accountCalls).toEqual(['accounts:', 'accounts:2', 'accounts:2']);
    expect(fake.log.filter((key) => key === 'roles:333333333333:')).toHaveLength(1);
  });

  test('fetches roles with bounded concurrency (default 4)', async () => {
    const accounts = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [String(100000000000 + i), ['ReadOnly']]),
    );
    const fake = portal(accounts);
    await listAccountsWithRoles(fake.client, 'token', { retry: FAST_RETRY });
    expect(fake.maxInFlight()).toBe(4);
    const two = portal(accounts);
    await listAccountsWithRoles(two.client, 'token', { concurrency: 2, retry: FAST_RETRY });
    expect(two.maxInFlight()).toBe(2);
  });

  test('accountFilter drops accounts before their roles are listed', async () => {
    const fake = portal({ '111111111111': ['A'], '222222222222': ['B'], '333333333333': ['C'] });
    const seen: string[] = [];
    const result = await listAccountsWithRoles(fake.client, 'token', {
      retry: FAST_RETRY,
      accountFilter: ({ accountId, accountName }) => {
        seen.push(`${accountId}:${accountName}`);
        return accountId !== '222222222222';
      },
    });
    expect(result.map((account) => account.accountId)).toEqual(['111111111111', '333333333333']);
    expect(seen).toEqual([
      '111111111111:n111111111111',
      '222222222222:n222222222222',
      '333333333333:n333333333333',
    ]);
    expect(fake.log.filter((key) => key.startsWith('roles:222222222222'))).toEqual([]);
  });

  test('errors become the service-errors problems', async () => {
    const client = new SSOClient({ region: 'us-east-1' });
    clients.push(client);
    client.send = (async () => {
      throw new UnauthorizedException({ $metadata: { httpStatusCode: 401 }, message: 'no' });
    }) as unknown as SSOClient['send'];
    const error = await listAccountsWithRoles(client, 'token', { retry: FAST_RETRY }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IdentityCenterError);
    expect((error as IdentityCenterError).problem).toEqual({
      kind: 'access-token-rejected',
      operation: 'ListAccounts',
    });
    expect((error as Error).message).toMatch(
      /^IAM Identity Center rejected the access token \(401/,
    );
  });
});

describe('listing at scale', () => {
  const many = (count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [String(100000000000 + i), ['ReadOnly']]),
    );

  test('asks for pages of 100, the most the portal gives', async () => {
    const fake = portal({ '111111111111': ['A'] });
    const sizes: (number | undefined)[] = [];
    const send = fake.client.send.bind(fake.client) as (command: unknown) => Promise<unknown>;
    fake.client.send = ((command: ListAccountsCommand | ListAccountRolesCommand) => {
      sizes.push(command.input.maxResults);
      return send(command);
    }) as unknown as SSOClient['send'];
    await listAccountsWithRoles(fake.client, 'token', { retry: FAST_RETRY });
    expect(sizes).toEqual([100, 100]);
  });

  test('progress: the start of the roles, each tenth of the accounts, and the end', async () => {
    const fake = portal(many(30));
    const reports: ListProgress[] = [];
    await listAccountsWithRoles(fake.client, 'token', {
      retry: FAST_RETRY,
      accountFilter: ({ accountId }) => Number(accountId.slice(-2)) < 20,
      onProgress: (progress) => reports.push(progress),
    });
    expect(reports.map((r) => (r.stage === 'roles' ? r.listed : -1))).toEqual([
      0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20,
    ]);
    expect(reports[0]).toEqual({ stage: 'roles', listed: 0, total: 20, found: 30 });
  });

  test('progress while ListAccounts pages come slowly: a heartbeat with the count so far', async () => {
    const fake = portal(many(6));
    const send = fake.client.send.bind(fake.client) as (command: unknown) => Promise<unknown>;
    fake.client.send = (async (command: ListAccountsCommand | ListAccountRolesCommand) => {
      if (command instanceof ListAccountsCommand) await new Promise((r) => setTimeout(r, 40));
      return send(command);
    }) as unknown as SSOClient['send'];
    const reports: ListProgress[] = [];
    await listAccountsWithRoles(fake.client, 'token', {
      retry: FAST_RETRY,
      cadence: { stepFraction: 0.5, intervalMs: 50 },
      onProgress: (progress) => reports.push(progress),
    });
    const heartbeats = reports.filter((r) => r.stage === 'accounts');
    // Three pages of two at 40+ ms each: at least one heartbeat, counting whole pages, in order.
    expect(heartbeats.length).toBeGreaterThanOrEqual(1);
    const found = heartbeats.map((beat) => beat.found);
    for (const count of found) expect([0, 2, 4, 6]).toContain(count);
    expect(found).toEqual([...found].sort());
    // The roles: start, half, end (a slow machine may add heartbeats in between).
    const listed = reports.flatMap((r) => (r.stage === 'roles' ? [r.listed] : []));
    expect(listed.filter((n, i) => n !== listed[i - 1])).toEqual([0, 3, 6]);
  });

  test('no accounts: no progress about roles, and nothing left running', async () => {
    const fake = portal({});
    const reports: ListProgress[] = [];
    const result = await listAccountsWithRoles(fake.client, 'token', {
      retry: FAST_RETRY,
      onProgress: (progress) => reports.push(progress),
    });
    expect(result).toEqual([]);
    expect(reports).toEqual([]);
  });

  test('every request waits for the pacer, which hears of each answer and each throttling', async () => {
    const fake = portal(many(5), ['roles:100000000002:', 'roles:100000000004:']);
    const events: string[] = [];
    const pacer = {
      acquire: async () => {
        events.push('acquire');
      },
      succeeded: () => events.push('ok'),
      throttled: () => events.push('throttled'),
    };
    await listAccountsWithRoles(fake.client, 'token', { retry: FAST_RETRY, pacer });
    // 3 pages of accounts + 5 roles + 2 retries.
    expect(events.filter((e) => e === 'acquire')).toHaveLength(fake.log.length);
    expect(fake.log).toHaveLength(10);
    expect(events.filter((e) => e === 'throttled')).toHaveLength(2);
    expect(events.filter((e) => e === 'ok')).toHaveLength(8);
  });

  test('a service that never stops paging is refused, not followed forever', async () => {
    const client = new SSOClient({ region: 'us-east-1' });
    clients.push(client);
    client.send = (async () => ({
      accountList: [{ accountId: '111111111111', accountName: 'loop' }],
      nextToken: 'same',
    })) as unknown as SSOClient['send'];
    const error = await listAccountsWithRoles(client, 'token', { retry: FAST_RETRY }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IdentityCenterError);
    expect((error as IdentityCenterError).problem).toEqual({
      kind: 'call-failed',
      operation: 'ListAccounts',
      cause: {
        kind: 'malformed-response',
        detail: 'the pages would not end (2 so far, each with a next token); stopped',
      },
    });
  });

  test('the failure of one account stops the listing and ends its progress', async () => {
    const fake = portal(many(12));
    const send = fake.client.send.bind(fake.client) as (command: unknown) => Promise<unknown>;
    fake.client.send = (async (command: ListAccountsCommand | ListAccountRolesCommand) => {
      if (command instanceof ListAccountRolesCommand && command.input.accountId === '100000000005')
        throw new UnauthorizedException({ $metadata: { httpStatusCode: 401 }, message: 'no' });
      return send(command);
    }) as unknown as SSOClient['send'];
    const reports: ListProgress[] = [];
    await expect(
      listAccountsWithRoles(fake.client, 'token', {
        retry: FAST_RETRY,
        cadence: { stepFraction: 0.1, intervalMs: 10 },
        onProgress: (progress) => reports.push(progress),
      }),
    ).rejects.toThrow(/rejected the access token/);
    const count = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reports).toHaveLength(count);
  });
});

describe('untrusted listings', () => {
  /** A portal that answers every ListAccounts page with `page(n)` (n from 0). */
  function scripted(page: (n: number, token: string | undefined) => unknown) {
    const client = new SSOClient({ region: 'us-east-1' });
    clients.push(client);
    let calls = 0;
    client.send = (async (command: ListAccountsCommand) => {
      if (!(command instanceof ListAccountsCommand)) return { roleList: [] };
      return page(calls++, command.input.nextToken);
    }) as unknown as SSOClient['send'];
    return { client, calls: () => calls };
  }

  async function failure(client: SSOClient): Promise<string> {
    try {
      await listAccountsWithRoles(client, 'token', { retry: FAST_RETRY });
    } catch (error) {
      expect(error).toBeInstanceOf(IdentityCenterError);
      return (error as Error).message;
    }
    throw new Error('the listing succeeded');
  }

  test('a nextToken that comes back stops the listing at once, without a retry', async () => {
    const portal = scripted(() => ({ accountList: [], nextToken: 'same' }));
    expect(await failure(portal.client)).toBe(
      'ListAccounts failed: malformed response: the pages would not end (2 so far, each with a next token); stopped',
    );
    expect(portal.calls()).toBe(2);
  });

  test('a token that comes back after others (A, B, A) stops the listing too', async () => {
    const portal = scripted((n) => ({ accountList: [], nextToken: ['A', 'B', 'A'][n] }));
    expect(await failure(portal.client)).toMatch(/the pages would not end \(3 so far/);
    expect(portal.calls()).toBe(3);
  });

  test('a listing that never ends stops after 1,000 pages', async () => {
    const portal = scripted((n) => ({ accountList: [], nextToken: `t${n}` }));
    expect(await failure(portal.client)).toBe(
      'ListAccounts failed: malformed response: the pages would not end (1000 so far, each with a next token); stopped',
    );
    expect(portal.calls()).toBe(1000);
  });

  test.each([
    [
      'an account id that is not 12 digits',
      { accountId: '1111\n::x' },
      /accountId .* not 12 digits/,
    ],
    [
      'an account name with control characters',
      { accountId: '111111111111', accountName: 'Prod\u001b[2J' },
      /accountName of account 111111111111 is not text without control characters/,
    ],
    [
      'an email that is a number',
      { accountId: '111111111111', emailAddress: 7 },
      /emailAddress of account 111111111111/,
    ],
  ])('%s is refused, quoting nothing from it', async (_label, account, expected) => {
    const portal = scripted(() => ({ accountList: [account] }));
    const message = await failure(portal.client);
    expect(message).toMatch(expected);
    for (const part of ['::x', '\u001b', 'Prod']) expect(message).not.toContain(part);
    expect(portal.calls()).toBe(1);
  });

  test('a role name that is not a permission set name is refused', async () => {
    const client = new SSOClient({ region: 'us-east-1' });
    clients.push(client);
    client.send = (async (command: ListAccountsCommand) =>
      command instanceof ListAccountsCommand
        ? { accountList: [{ accountId: '111111111111', accountName: 'a' }] }
        : {
            roleList: [{ roleName: 'Admin\n::stop-commands::T' }],
          }) as unknown as SSOClient['send'];
    const message = await failure(client);
    expect(message).toMatch(/^ListAccountRoles failed: invalid response: a roleName in roleList/);
    expect(message).not.toContain('stop-commands');
  });

  test('an account name with a command opener is kept as data', async () => {
    const portal = scripted(() => ({
      accountList: [{ accountId: '111111111111', accountName: '::stop-commands::T ##[x]' }],
    }));
    const accounts = await listAccountsWithRoles(portal.client, 'token', { retry: FAST_RETRY });
    expect(accounts[0]?.accountName).toBe('::stop-commands::T ##[x]');
  });
});
