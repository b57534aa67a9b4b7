import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { RoleSettings } from '../../src/action/inputs.js';
import type { ObtainedProfiles } from '../../src/action/profile-credentials.js';
import { profilesSummaryRows, summaryRows, writeSummary } from '../../src/action/summary.js';
import { displayAccountId } from '../../src/runner/step-summary.js';
import type { ObtainedCredentials } from '../../src/sso/token-session.js';

const NOW = new Date('2026-11-26T08:00:00.000Z');
const ACCOUNT = '111122223333';

const SOURCE_ACCESS = 'aoaSOURCEACCESSTOKEN';
const SOURCE_REFRESH = 'aorSOURCEREFRESHTOKEN';
const CLIENT_ID = 'cidCLIENTID';
const CLIENT_SECRET = 'csCLIENTSECRET';
const NEW_ACCESS = 'aoaNEWACCESSTOKEN';
const ROTATED = 'aorROTATEDREFRESHTOKEN';
const KEY_ID = 'ASIAEXAMPLEKEYID1';
const SECRET_KEY = 'wJalrXUtnFEMIEXAMPLESECRETKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luEXAMPLESESSIONTOKEN';
const SECRETS = [
  SOURCE_ACCESS,
  SOURCE_REFRESH,
  CLIENT_ID,
  CLIENT_SECRET,
  NEW_ACCESS,
  ROTATED,
  KEY_ID,
  SECRET_KEY,
  SESSION_TOKEN,
];

function settings(fields: Partial<RoleSettings> = {}): RoleSettings {
  return {
    kind: 'one-role',
    accountId: ACCOUNT,
    roleName: 'ReadOnly',
    ssoRegion: 'us-east-1',
    tokenSource: {
      kind: 'refresh-token',
      refreshToken: SOURCE_REFRESH,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    },
    exportEnv: true,
    outputCredentials: true,
    maskAccountId: false,
    maxAttempts: 10,
    ...fields,
  };
}

const OBTAINED: ObtainedCredentials = {
  token: {
    accessToken: NEW_ACCESS,
    expiresAt: new Date('2026-11-26T09:00:00.000Z'),
    refreshed: true,
    renewable: true,
    rotatedRefreshToken: ROTATED,
    registrationExpiresAt: new Date('2027-02-14T07:04:36.000Z'),
  },
  credentials: {
    accessKeyId: KEY_ID,
    secretAccessKey: SECRET_KEY,
    sessionToken: SESSION_TOKEN,
    expiration: new Date('2026-11-26T09:00:00.000Z'),
  },
};

function cells(rows: string[][]): string[] {
  return rows.flat();
}

function row(rows: string[][], label: string): string | undefined {
  return rows.find(([name]) => name === label)?.[1];
}

describe('displayAccountId', () => {
  test('shows the id when not masked', () => {
    expect(displayAccountId(ACCOUNT, false)).toBe(ACCOUNT);
  });

  test('shows only the last four digits when masked', () => {
    expect(displayAccountId(ACCOUNT, true)).toBe('********3333');
  });
});

describe('summaryRows', () => {
  test('with mask-account-id, no row holds the full account id', () => {
    const rows = summaryRows(settings({ maskAccountId: true }), OBTAINED, NOW);
    expect(row(rows, 'Account')).toBe('********3333');
    for (const cell of cells(rows)) expect(cell).not.toContain(ACCOUNT);
  });

  test('without mask-account-id, the account row holds the id', () => {
    expect(row(summaryRows(settings(), OBTAINED, NOW), 'Account')).toBe(ACCOUNT);
  });

  test.each([
    ['refresh-token', settings()],
    [
      'access-token',
      settings({ tokenSource: { kind: 'access-token', accessToken: SOURCE_ACCESS } }),
    ],
    [
      'sso-session',
      settings({
        tokenSource: {
          kind: 'sso-session',
          session: {
            accessToken: SOURCE_ACCESS,
            refreshToken: SOURCE_REFRESH,
            clientSecret: CLIENT_SECRET,
          },
        },
      }),
    ],
  ])('no row holds a token or credential value (%s source)', (_label, given) => {
    const rows = summaryRows({ ...given, awsRegion: 'eu-west-1', profile: 'ci' }, OBTAINED, NOW);
    for (const cell of cells(rows)) {
      for (const secret of SECRETS) expect(cell).not.toContain(secret);
    }
  });

  test('gives names and times', () => {
    const rows = summaryRows(settings({ awsRegion: 'eu-west-1', profile: 'ci' }), OBTAINED, NOW);
    expect(rows).toEqual([
      ['Account', ACCOUNT],
      ['Permission set', 'ReadOnly'],
      ['IAM Identity Center region', 'us-east-1'],
      ['Credentials expire', '2026-11-26T09:00:00.000Z (in 60 minutes)'],
      ['Access token', 'refreshed; expires 2026-11-26T09:00:00.000Z (in 60 minutes)'],
      ['Client registration expires', '2027-02-14T07:04:36.000Z (in 79 days)'],
      ['Refresh token', 'rotated: replace the stored secret (output refresh-token)'],
      ['AWS region', 'eu-west-1'],
      ['Exported to the environment', 'yes'],
      ['Profile', 'ci'],
    ]);
  });

  test('leaves out what does not apply and says when an expiry is not known', () => {
    const rows = summaryRows(
      settings({ exportEnv: false }),
      {
        token: { accessToken: SOURCE_ACCESS, refreshed: false, renewable: false },
        credentials: OBTAINED.credentials,
      },
      NOW,
    );
    expect(row(rows, 'Access token')).toBe('used as given; expires not known');
    expect(row(rows, 'Exported to the environment')).toBe('no');
    const labels = rows.map(([label]) => label);
    for (const absent of [
      'Client registration expires',
      'Refresh token',
      'AWS region',
      'Profile',
    ]) {
      expect(labels).not.toContain(absent);
    }
  });
});

describe('profilesSummaryRows', () => {
  const OBTAINED_PROFILES: ObtainedProfiles = {
    token: OBTAINED.token,
    profiles: [
      {
        spec: { profile: 'prod', accountId: ACCOUNT, roleName: 'ReadOnly', line: 1 },
        credentials: OBTAINED.credentials,
      },
    ],
  };
  const {
    accountId: _a,
    roleName: _r,
    exportEnv: _e,
    outputCredentials: _o,
    ...common
  } = settings();

  test('the step, then one row per profile, names and times only', () => {
    const rows = profilesSummaryRows(
      { ...common, kind: 'profiles', awsRegion: 'eu-west-1', profiles: [] },
      OBTAINED_PROFILES,
      NOW,
    );
    expect(rows.profiles).toEqual([
      ['prod', ACCOUNT, 'ReadOnly', '2026-11-26T09:00:00.000Z (in 60 minutes)'],
    ]);
    expect(row(rows.step, 'Exported to the environment')).toMatch(/^no \(.*AWS_PROFILE/);
    expect(row(rows.step, 'AWS region')).toBe('eu-west-1');
    for (const cell of cells([...rows.step, ...rows.profiles])) {
      for (const secret of SECRETS) expect(cell).not.toContain(secret);
    }
  });

  test('with mask-account-id, only the last four digits', () => {
    const rows = profilesSummaryRows(
      { ...common, kind: 'profiles', maskAccountId: true, profiles: [] },
      OBTAINED_PROFILES,
      NOW,
    );
    expect(rows.profiles[0]?.[1]).toBe('********3333');
  });
});

describe('writeSummary', () => {
  const saved = process.env.GITHUB_STEP_SUMMARY;
  let dir: string | undefined;

  afterEach(async () => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = saved;
    if (dir) await rm(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  test('writes the table to the step summary file without any secret', async () => {
    dir = await mkdtemp(join(tmpdir(), 'summary-test-'));
    const file = join(dir, 'summary.md');
    await writeFile(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
    await writeSummary(settings({ maskAccountId: true }), OBTAINED, NOW);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('********3333');
    expect(text).toContain('ReadOnly');
    expect(text).not.toContain(ACCOUNT);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  test('does nothing without a step summary file', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await expect(writeSummary(settings(), OBTAINED, NOW)).resolves.toBeUndefined();
    expect(write).not.toHaveBeenCalled();
  });
});
