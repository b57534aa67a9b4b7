import { EOL } from 'node:os';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { maskInLogs, maskSecretInputs } from '../../src/github/masking.js';
import { SECRET_INPUTS } from '../../src/github/token-inputs.js';

const ACCESS_TOKEN = 'aoaSECRETACCESSTOKEN1';
const REFRESH_TOKEN = 'aorSECRETREFRESHTOKEN2';
const CLIENT_ID = 'cidSECRETCLIENTID3';
const CLIENT_SECRET = 'csSECRETCLIENTSECRET4';
const START_URL = 'https://d-1234567890.awsapps.com/start';

let stdout: string[] = [];

/** The values the runner was told to mask, decoded from the workflow-command escaping. */
function masked(): string[] {
  return stdout
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) =>
      line
        .slice('::add-mask::'.length)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%'),
    );
}

function setInput(name: string, value: string): void {
  process.env[`INPUT_${name.toUpperCase()}`] = value;
}

function clearInputs(): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key];
  }
}

beforeEach(() => {
  clearInputs();
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  clearInputs();
});

describe('maskInLogs', () => {
  test('tells the runner to mask the value', () => {
    maskInLogs(ACCESS_TOKEN);
    expect(stdout).toEqual([`::add-mask::${ACCESS_TOKEN}${EOL}`]);
  });

  test.each(['', ' ', '\n\t '])('skips a blank value %j', (value) => {
    maskInLogs(value);
    expect(stdout).toEqual([]);
  });
});

describe('maskSecretInputs', () => {
  test('masks each raw secret input', () => {
    setInput('access-token', ACCESS_TOKEN);
    setInput('refresh-token', REFRESH_TOKEN);
    setInput('client-id', CLIENT_ID);
    setInput('client-secret', CLIENT_SECRET);
    maskSecretInputs(SECRET_INPUTS, maskInLogs);
    expect(masked().sort()).toEqual([ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET].sort());
  });

  test('masks only the inputs it is given', () => {
    setInput('access-token', ACCESS_TOKEN);
    setInput('account-id', '111122223333');
    maskSecretInputs(['access-token'], maskInLogs);
    expect(masked()).toEqual([ACCESS_TOKEN]);
  });

  test('masks a JSON sso-session whole and each secret member, but not startUrl or region', () => {
    const document = JSON.stringify(
      {
        startUrl: START_URL,
        region: 'us-east-1',
        accessToken: ACCESS_TOKEN,
        expiresAt: '2026-11-26T08:04:36Z',
        refreshToken: REFRESH_TOKEN,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        registrationExpiresAt: '2027-02-14T07:04:36Z',
      },
      null,
      2,
    );
    setInput('sso-session', document);
    maskSecretInputs(SECRET_INPUTS, maskInLogs);
    const values = masked();
    expect(values).toContain(document);
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET]) {
      expect(values).toContain(secret);
    }
    expect(values).not.toContain(START_URL);
    expect(values).not.toContain('us-east-1');
    expect(values).not.toContain('2026-11-26T08:04:36Z');
    expect(values).toHaveLength(5);
  });

  test('masks the value a JSON parser yields, not only the escaped text', () => {
    setInput('sso-session', '{"accessToken":"aoa\\/SECRET\\u002bTOKEN"}');
    maskSecretInputs(['sso-session'], maskInLogs);
    expect(masked()).toContain('aoa/SECRET+TOKEN');
  });

  test('masks a non-JSON value whole, without throwing', () => {
    const text = `{"accessToken": "${ACCESS_TOKEN}", oops`;
    setInput('sso-session', text);
    expect(() => maskSecretInputs(SECRET_INPUTS, maskInLogs)).not.toThrow();
    expect(masked()).toEqual([text]);
  });

  test.each([
    ['a JSON array', JSON.stringify([ACCESS_TOKEN])],
    ['JSON null', 'null'],
    ['a JSON object with non-string members', '{"accessToken": 123, "clientId": ["x"]}'],
  ])('masks %s whole, without throwing', (_label, text) => {
    setInput('sso-session', text);
    expect(() => maskSecretInputs(['sso-session'], maskInLogs)).not.toThrow();
    expect(masked()).toEqual([text]);
  });

  test('does not mask unset, empty or blank inputs, nor blank members', () => {
    setInput('access-token', '');
    setInput('refresh-token', '   ');
    setInput(
      'sso-session',
      JSON.stringify({
        accessToken: ACCESS_TOKEN,
        expiresAt: '2026-11-26T08:04:36Z',
        clientId: ' ',
      }),
    );
    maskSecretInputs(SECRET_INPUTS, maskInLogs);
    const values = masked();
    expect(values.every((value) => value.trim() !== '')).toBe(true);
    expect(values).toHaveLength(2);
    expect(values).toContain(ACCESS_TOKEN);
  });

  test('hands every secret to the sink before returning', () => {
    setInput('client-secret', CLIENT_SECRET);
    const sink = jest.fn<(secret: string) => void>();
    maskSecretInputs(['client-secret'], sink);
    expect(sink).toHaveBeenCalledWith(CLIENT_SECRET);
    expect(stdout).toEqual([]);
  });
});
