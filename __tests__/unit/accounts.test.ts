import {
  type ListAccountRolesCommand,
  ListAccountsCommand,
  SSOClient,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-sso';
import { afterEach, describe, expect, test } from '@jest/globals';
import { listAccountsWithRoles } from '../../src/sso/accounts.js';
import { IdentityCenterError } from '../../src/sso/problems.js';
import type { RetryPolicy } from '../../src/sso/retry.js';

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
