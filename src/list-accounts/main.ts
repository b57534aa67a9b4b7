import * as core from '@actions/core';
import { Inputs, Outputs } from '../runner/constants.js';
import * as log from '../runner/log.js';
import { maskInLogs } from '../runner/masking.js';
import { neutraliseJson } from '../secrets/neutralise.js';
import { type AccountWithRoles, listAccountsWithRoles } from '../sso/accounts.js';
import { PORTAL_CONCURRENCY } from '../sso/limits.js';
import type { AccessToken } from '../sso/token.js';
import { withTokenSession } from '../sso/token-session.js';
import { logProxy } from '../steps/client-options.js';
import { surfacingRotation } from '../steps/rotation.js';
import { stepTokenRequest } from '../steps/step-token.js';
import { setHandoffOutput } from '../steps/token-handoff.js';
import { maskTokenInputs } from '../steps/token-inputs.js';
import { describeForWorkflow } from '../steps/vocabulary.js';
import { getListSettings, type ListSettings } from './inputs.js';
import { buildListing, describeListing, type Listing, oversizedOutputs } from './listing.js';
import { accountMatches, accountsOutput } from './matrix.js';
import { describeProgress } from './progress.js';
import { writeListSummary } from './summary.js';

/**
 * The list-accounts step: the same token handling as the main action, then every account and
 * role the token reaches as a matrix, one pair or one group of profiles per job. Nothing is
 * output unless the whole step succeeds, but for a rotated refresh token, which is output (and
 * written back) however the step ends.
 */
export async function runListAccounts(): Promise<void> {
  try {
    maskTokenInputs();
    const settings = await getListSettings();
    log.info(
      `Listing the accounts and permission sets the token can reach (IAM Identity Center in ${settings.ssoRegion}).`,
    );
    logProxy(settings);
    const { token, accounts } = await surfacingRotation(settings, (onToken) =>
      listAccounts(settings, onToken),
    );
    const listing = buildListing(accounts, settings);
    publish(settings, token, listing);
    log.info(describeListing(settings, listing));
    if (listing.matrix.include.length === 0) warnEmpty();
    await writeListSummary(settings, listing);
  } catch (error) {
    log.fail(describeForWorkflow(error));
  }
}

/** One token, then all pages of ListAccounts and, for the accounts that pass, ListAccountRoles. */
async function listAccounts(
  settings: ListSettings,
  onToken: (token: AccessToken) => void,
): Promise<{ token: AccessToken; accounts: AccountWithRoles[] }> {
  const filtered = settings.accountFilter !== undefined;
  return withTokenSession(
    stepTokenRequest(settings, onToken),
    maskInLogs,
    async ({ token, clients }) => ({
      token,
      accounts: await listAccountsWithRoles(clients.portal, token.accessToken, {
        retry: clients.retry,
        concurrency: PORTAL_CONCURRENCY,
        accountFilter: (account) => {
          // The first moment the ids are known: masked before a retry message could name one.
          if (settings.maskAccountId) maskInLogs(account.accountId);
          return accountMatches(settings.accountFilter, account);
        },
        onProgress: (progress) => log.info(describeProgress(progress, filtered)),
      }),
    }),
  );
}

function publish(settings: ListSettings, token: AccessToken, listing: Listing): void {
  // Account names come from the service: written so that the raw JSON, should a later step print
  // it, cannot hold a workflow command or a control character (the parsed values are unchanged).
  const outputs = {
    [Outputs.Matrix]: neutraliseJson(JSON.stringify(listing.matrix)),
    [Outputs.Accounts]: neutraliseJson(accountsOutput(listing.selected)),
    [Outputs.Count]: String(listing.matrix.include.length),
    [Outputs.Pairs]: String(listing.pairs.length),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  const oversized = oversizedOutputs(outputs);
  if (oversized) log.warning(oversized);
  setHandoffOutput(settings.tokenSource, token);
}

/** GitHub fails a job whose matrix is empty, so say so here, where the cause is. */
function warnEmpty(): void {
  log.warning(
    `No account and permission set passed '${Inputs.AccountFilter}' and '${Inputs.RoleFilter}': the matrix is empty, and a job with an empty matrix fails. Check the filters, or skip that job with \`if: needs.<this job>.outputs.count != '0'\`.`,
  );
}
