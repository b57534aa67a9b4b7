import { EOL } from 'node:os';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { gitHubMessage } from '../../src/github-api/github-rest.js';
import { safeForLog } from '../../src/runner/log.js';
import { maskInLogs, maskProxyCredentials, maskSecretInputs } from '../../src/runner/masking.js';
import { NEUTRAL_VOCABULARY } from '../../src/sso/describe-problem.js';
import { describeFailure } from '../../src/sso/identity-center-error.js';
import { explainServiceError } from '../../src/sso/service-errors.js';
import { SECRET_INPUTS } from '../../src/steps/token-inputs.js';

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

  // A one-character clientSecret "s" read back from the token cache turned "refresh token" into
  // "refre***h token": a value shorter than a secret's shortest piece is no secret to mask.
  test.each(['s', 'abc', '1234567', 'a b c d e f g', 'ab\u200bcdefg'])(
    'does not mask %j (fewer than 8 characters once blanks and invisibles are out)',
    (value) => {
      maskInLogs(value);
      expect(stdout).toEqual([]);
      expect(safeForLog(`refresh token ${value}`)).toBe(
        `refresh token ${value.replace('\u200b', '')}`,
      );
    },
  );

  test('masks a value of 8 characters', () => {
    maskInLogs('Ab3dEf7h');
    expect(masked()).toEqual(['Ab3dEf7h']);
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
  ])('masks %s whole (when it is 8 characters or more), without throwing', (_label, text) => {
    setInput('sso-session', text);
    expect(() => maskSecretInputs(['sso-session'], maskInLogs)).not.toThrow();
    expect(masked()).toEqual(text.length >= 8 ? [text] : []);
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

/**
 * A secret is withheld from an echoed text before anything rewrites it: once neutralised (`::`
 * becomes `: :`, controls go, whitespace runs become one space) it no longer matches itself, and
 * neither the runner's mask nor a later redaction could find it.
 */
describe('a masked value echoed by a service', () => {
  const pieces = ['Kq7pieceOne', 'Lm3pieceTwo', 'Zx9pieceThree', 'Wv5pieceFour'];
  test.each([
    ['::', `${pieces[0]}::${pieces[1]}`],
    ['##[', `${pieces[0]}##[${pieces[2]}`],
    ['a control character', `${pieces[1]}\u0007${pieces[3]}`],
    ['a line break', `${pieces[2]}\n${pieces[3]}`],
    ['a zero-width space', `${pieces[0]}\u200b${pieces[2]}`],
  ])('holding %s is withheld whole, in the error and in the log line', (_label, secret) => {
    maskInLogs(secret);
    const error = explainServiceError(
      {
        name: 'ValidationException',
        message: `The client secret ${secret} is not valid`,
        $metadata: { httpStatusCode: 400 },
      },
      { operation: 'CreateToken' },
    );
    const sentence = describeFailure(error, NEUTRAL_VOCABULARY);
    const line = safeForLog(sentence);
    for (const text of [sentence, line]) {
      expect(text).toContain('The client secret *** is not valid');
      for (const piece of pieces) expect(text).not.toContain(piece);
    }
  });

  test('a log line of our own that holds a masked value with "::" shows none of it', () => {
    const secret = 'Hj4alpha::stop-commands::Tg8omega';
    maskInLogs(secret);
    expect(safeForLog(`refreshing with ${secret} now`)).toBe('refreshing with *** now');
  });

  test('overlapping masked values are hidden whole, whichever was masked first', () => {
    maskInLogs('Pq2overlapABC');
    maskInLogs('overlapABCDef9');
    expect(safeForLog('x Pq2overlapABCDef9 y')).toBe('x *** y');
  });
});

/**
 * Withholding sees what a reader sees: invisible characters go first, then every piece of 8 or
 * more characters of a known secret is withheld, also where whitespace splits it.
 */
describe('a secret echoed in odd forms', () => {
  const SECRET = 'aorZm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6';
  const chunks = (text: string, size: number) => text.match(new RegExp(`.{1,${size}}`, 'g')) ?? [];
  const FORMS: [string, string][] = [
    ['a zero-width space between its characters', [...SECRET].join('\u200b')],
    ['a soft hyphen and a BOM between its characters', [...SECRET].join('\u00ad\ufeff')],
    ['split across a newline', `${SECRET.slice(0, 30)}\n${SECRET.slice(30)}`],
    ['split across CRLF and indented', `${SECRET.slice(0, 30)}\r\n    ${SECRET.slice(30)}`],
    ['in 19-character pieces', chunks(SECRET, 19).join(' ')],
    ['in 10-character pieces, one a line', chunks(SECRET, 10).join('\n')],
    ['spaced', [...SECRET].join(' ')],
    ['one 8-character piece', SECRET.slice(20, 28)],
  ];

  test.each(FORMS)(
    '%s: no piece of 8 or more shows, in a log line or an echoed error',
    (_label, form) => {
      maskInLogs(SECRET);
      const message = `Invalid token ${form} (request 42)`;
      const error = explainServiceError(
        { name: 'ValidationException', message, $metadata: { httpStatusCode: 400 } },
        { operation: 'CreateToken' },
      );
      for (const shown of [safeForLog(message), describeFailure(error, NEUTRAL_VOCABULARY)]) {
        expect(shown).toContain('Invalid token *** (request 42)');
        const compact = shown.replace(/\s+/g, '');
        for (let at = 0; at + 8 <= SECRET.length; at++) {
          expect(compact).not.toContain(SECRET.slice(at, at + 8));
        }
      }
    },
  );

  test('the JSON-escaped and URL-encoded forms of a secret are withheld too', () => {
    const secret = 'Tk9/Ab+Cd/Ef+Gh/Ij+Kl/Mn+Op\\q';
    maskInLogs(secret);
    const url = encodeURIComponent(secret);
    const json = JSON.stringify(secret).slice(1, -1);
    expect(safeForLog(`u=${url} j=${json}`)).toBe('u=*** j=***');
  });

  test('a document or URL is withheld whole; its plain text (region, host) stays readable', () => {
    const document = JSON.stringify({ region: 'us-east-1', accessToken: 'aoaDocMemberToken9' });
    const proxy = 'http://user:Pw7xQ2zLk9@proxy.example.com:3128';
    maskInLogs(document);
    maskInLogs(proxy);
    expect(safeForLog(`doc ${document} proxy ${proxy}`)).toBe('doc *** proxy ***');
    expect(safeForLog('in us-east-1 via proxy.example.com:3128')).toBe(
      'in us-east-1 via proxy.example.com:3128',
    );
  });

  test('ordinary words next to a piece stay readable', () => {
    maskInLogs('Wq8zLm2nXv5kRt7p');
    expect(safeForLog('refresh token Wq8zLm2n then the rest')).toBe(
      'refresh token *** then the rest',
    );
    expect(safeForLog('refresh token Wq8zLm2 then the rest')).toBe(
      'refresh token Wq8zLm2 then the rest',
    );
  });

  test('a megabyte of text with many secrets known is withheld in linear time', () => {
    for (let i = 0; i < 20_000; i++) maskInLogs(`${100000000000 + i * 7}`);
    const text = `${'word 12345 '.repeat(90_000)}${SECRET.slice(3, 40)} end`;
    const start = process.cpuUsage();
    const shown = safeForLog(text);
    const { user, system } = process.cpuUsage(start);
    expect(shown.endsWith(' *** end')).toBe(true);
    expect(user + system).toBeLessThan(10_000_000);
  }, 60_000);
});

describe("GitHub's message of an error answer", () => {
  const TOKEN = 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz';
  const answer = (message: unknown) => ({
    status: 422,
    headers: {},
    body: JSON.stringify({ message }),
  });

  test('the github-token at the 200-character cut: no part of it is shown', () => {
    maskInLogs(TOKEN);
    const filler = 'word '.repeat(39); // 195 characters, the token starts at 195
    const shown = gitHubMessage(answer(`${filler}${TOKEN} and more`)) ?? '';
    expect(shown.length).toBeLessThanOrEqual(201);
    expect(shown).not.toContain(TOKEN.slice(0, 5));
    expect(shown).not.toContain('github_pat');
  });

  test('a masked value with "::" in the message is withheld, not rewritten', () => {
    const secret = 'Rt6gh::Yp2gh';
    maskInLogs(secret);
    const shown = gitHubMessage(answer(`Bad credentials ${secret}`)) ?? '';
    expect(shown).toBe('Bad credentials ***');
  });

  test('controls, invisible characters and command openers are made harmless', () => {
    const shown = gitHubMessage(answer('Not\u200b Found\n::error::x ##[warning]y\u001b[2J'));
    expect(shown).toBe('Not Found : :error::x # #[warning]y');
  });

  test('no message, or one that is not text, is nothing', () => {
    expect(gitHubMessage(answer(42))).toBeUndefined();
    expect(gitHubMessage(answer(' \u200b '))).toBeUndefined();
    expect(gitHubMessage({ status: 500, headers: {}, body: 'not json' })).toBeUndefined();
  });
});

describe('maskProxyCredentials', () => {
  test("masks the URL, the user name and password in both forms, and the Base64 'user:password'", () => {
    maskProxyCredentials('http://proxy%20user:p%40ss%3Aword@proxy.example.com:3128', maskInLogs);
    const basic = Buffer.from('proxy user:p@ss:word').toString('base64');
    expect(masked()).toEqual(
      expect.arrayContaining([
        'http://proxy%20user:p%40ss%3Aword@proxy.example.com:3128',
        'p%40ss%3Aword',
        'p@ss:word',
        'proxy%20user',
        'proxy user',
        basic,
      ]),
    );
    expect(safeForLog(`CONNECT answered HTTP 407 ${basic}`)).toBe('CONNECT answered HTTP 407 ***');
  });

  test('a proxy URL without credentials masks nothing', () => {
    maskProxyCredentials('http://proxy.example.com:3128', maskInLogs);
    expect(masked()).toEqual([]);
  });
});

/**
 * One mask per account id can mean tens of thousands of masks. Registering them must cost linear
 * time: the registry kept a sorted list and searched it on every call (66 s of CPU for 40,000
 * masks, measured here). Linear takes about 0.3 s for 100,000; the budget below is generous for a
 * loaded machine, and the quadratic version overruns it many times. The loop stops as soon as the
 * budget is spent, so that version fails in seconds rather than minutes.
 */
describe('registering many masks', () => {
  test('100,000 masks cost linear time', () => {
    const budgetMicros = 8_000_000;
    const start = process.cpuUsage();
    const spent = () => {
      const { user, system } = process.cpuUsage(start);
      return user + system;
    };
    let registered = 0;
    while (registered < 100_000 && spent() < budgetMicros) {
      for (let i = 0; i < 1000; i++) maskInLogs(`mask-${registered + i}-${'x'.repeat(12)}`);
      registered += 1000;
    }
    expect({ registered, withinBudget: spent() < budgetMicros }).toEqual({
      registered: 100_000,
      withinBudget: true,
    });
    // The registry still works at that size.
    expect(safeForLog('id mask-99999-xxxxxxxxxxxx here')).toBe('id *** here');
  }, 60_000);
});
