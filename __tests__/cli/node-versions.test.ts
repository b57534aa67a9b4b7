import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IdentityCenterEmulator } from '../../emulator/index.js';
import { OLDEST_SUPPORTED_NODE_MAJOR } from '../../src/cli/runtime-warning.js';
import { runCli, START_URL, writeSeededSession } from '../support/cli.js';
import { findMachineNode, node24Path, nodeVersion, repoRoot } from '../support/node24.js';
import { removeDir, tempHome } from '../support/temp-dirs.js';

/**
 * The Node versions the tool declares, and what a person sees on them: `engines` agrees with the
 * dependencies' own, and the AWS SDK's NodeVersionSupportWarning (nine lines on stderr under
 * Node < 22) never reaches the terminal on a declared version.
 */

const WARNING = 'NodeVersionSupportWarning';

const machineNode = findMachineNode();
const machineVersion = nodeVersion(machineNode);
const machineMajor = Number(/^v(\d+)/.exec(machineVersion)?.[1]);

let emulator: IdentityCenterEmulator;
let home: string;
let session: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start();
  home = await tempHome('node-versions');
  session = join(home, 'session.json');
  await writeSeededSession(emulator, session);
});

afterAll(async () => {
  await emulator.stop();
  await removeDir(home);
});

/** The lowest major version a `>=N` engines range admits. */
function lowestMajor(range: string | undefined): number {
  const match = /^>=\s*(\d+)/.exec(range ?? '');
  if (!match) throw new Error(`unexpected engines range ${range}`);
  return Number(match[1]);
}

function packageJson(path: string): { name?: string; engines?: { node?: string } } {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('engines', () => {
  test('package.json declares the version the CLI treats as supported', () => {
    const declared = packageJson(join(repoRoot, 'package.json')).engines?.node;
    expect(lowestMajor(declared)).toBe(OLDEST_SUPPORTED_NODE_MAJOR);
  });

  test('no bundled AWS SDK or Smithy package needs a newer Node than declared', () => {
    const scopes = ['@aws-sdk', '@smithy'];
    const needs: string[] = [];
    for (const scope of scopes) {
      for (const name of readdirSync(join(repoRoot, 'node_modules', scope))) {
        const manifest = packageJson(join(repoRoot, 'node_modules', scope, name, 'package.json'));
        const range = manifest.engines?.node;
        if (range && lowestMajor(range) > OLDEST_SUPPORTED_NODE_MAJOR) {
          needs.push(`${scope}/${name} ${range}`);
        }
      }
    }
    expect(needs).toEqual([]);
  });
});

const accounts = (node: string, env: Record<string, string> = {}) =>
  runCli(['accounts', '--session', session], { emulator, home, node, env });

describe('the SDK Node-version warning', () => {
  const nodes: [string, string][] = [
    [`the machine's Node (${machineVersion})`, machineNode],
    [`Node 24 (${nodeVersion()})`, node24Path()],
  ];

  test.each(nodes)('is not printed under %s', async (_label, node) => {
    const result = await accounts(node);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain(WARNING);
    // Nothing on stderr but the listing's own progress lines.
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    for (const line of lines)
      expect(line).toMatch(/^(Found \d+ accounts?|Roles listed for \d+ of)/);
  });

  test("is not printed by login's OIDC client either", async () => {
    const args = ['login', '--start-url', START_URL, '--sso-region', 'us-east-1'];
    const result = await runCli([...args, '--no-browser', '--timeout', '1'], {
      emulator,
      home,
      node: machineNode,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(WARNING);
  });

  // The control: the SDK does warn on this Node, so the tests above could fail.
  (machineMajor < 22 ? test : test.skip)(
    'is what the SDK prints on Node 20 when the person turns the switch back on',
    async () => {
      const result = await accounts(machineNode, {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(WARNING);
    },
  );
});
