/**
 * A loopback stand-in for the GitHub REST endpoints of Actions secrets, for the write-back tests:
 * it holds a libsodium key pair per repository and per environment, hands out the public key,
 * and opens every sealed box it is sent with the private key, so a test can read back exactly
 * what the action stored. It checks what GitHub checks (the bearer token, the key id, the
 * secret name) and can be told to refuse.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sodium from 'libsodium-wrappers';

export interface StandInOptions {
  /** owner/name of the one repository it knows. */
  readonly repository: string;
  /** The token that may write; any other gets 401 Bad credentials. */
  readonly token: string;
  readonly environments?: readonly string[];
  /** Served under this path, like GitHub Enterprise Server's /api/v3. */
  readonly basePath?: string;
}

export interface StandInRequest {
  readonly method: string;
  /** Without basePath. */
  readonly path: string;
  readonly authorization: string;
  readonly accept: string;
  readonly apiVersion: string;
  readonly status: number;
}

interface KeyPair {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

interface Refusal {
  readonly status: number;
  readonly message: string;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class GitHubSecretsStandIn {
  readonly requests: StandInRequest[] = [];
  /** Keyed by `scope/NAME`: scope `repo` or `env:<name>`; names are case-insensitive. */
  private readonly stored = new Map<string, string>();
  private readonly keys = new Map<string, KeyPair>();
  private refusal: Refusal | undefined;
  private refusalsLeft = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: StandInOptions,
  ) {}

  static async start(options: StandInOptions): Promise<GitHubSecretsStandIn> {
    await sodium.ready;
    let standIn: GitHubSecretsStandIn | undefined;
    const server = createServer((req, res) => void standIn?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new GitHubSecretsStandIn(
      server,
      `http://127.0.0.1:${port}${options.basePath ?? ''}`,
      options,
    );
    standIn.keys.set('repo', newKeyPair('repo'));
    for (const name of options.environments ?? []) {
      standIn.keys.set(`env:${name}`, newKeyPair(`env-${name}`));
    }
    return standIn;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The value last stored, opened with the private key; undefined when never written. */
  secret(name: string, environment?: string): string | undefined {
    return this.stored.get(`${environment ? `env:${environment}` : 'repo'}/${name.toUpperCase()}`);
  }

  /** The next `times` requests (default: all, until cleared) get this answer, e.g. 403. */
  refuse(refusal: Refusal | undefined, times = Number.POSITIVE_INFINITY): void {
    this.refusal = refusal;
    this.refusalsLeft = times;
  }

  clear(): void {
    this.requests.length = 0;
    this.stored.clear();
    this.refusal = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const base = this.options.basePath ?? '';
    const rawPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const path = rawPath.startsWith(`${base}/`)
      ? rawPath.slice(base.length)
      : `(outside)${rawPath}`;
    const answer = this.answer(req, path, body);
    this.requests.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization ?? '',
      accept: req.headers.accept ?? '',
      apiVersion: String(req.headers['x-github-api-version'] ?? ''),
      status: answer.status,
    });
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(text);
  }

  private answer(req: IncomingMessage, path: string, body: string): Answer {
    if (this.refusal && this.refusalsLeft > 0) {
      this.refusalsLeft -= 1;
      return error(this.refusal.status, this.refusal.message);
    }
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      return error(401, 'Bad credentials');
    }
    const route = this.route(path);
    if (!route) return error(404, 'Not Found');
    const keys = this.keys.get(route.scope);
    if (!keys) return error(404, 'Not Found');
    if (req.method === 'GET' && route.name === 'public-key') {
      return {
        status: 200,
        body: { key_id: keys.keyId, key: Buffer.from(keys.publicKey).toString('base64') },
      };
    }
    if (req.method === 'PUT') return this.store(route.scope, route.name, keys, body);
    return error(404, 'Not Found');
  }

  private route(path: string): { scope: string; name: string } | undefined {
    const repo = `/repos/${this.options.repository}`;
    const match =
      new RegExp(`^${escapeRegExp(repo)}/actions/secrets/([^/]+)$`).exec(path) ??
      new RegExp(`^${escapeRegExp(repo)}/environments/([^/]+)/secrets/([^/]+)$`).exec(path);
    if (!match) return undefined;
    if (match.length === 2) return { scope: 'repo', name: match[1] ?? '' };
    return { scope: `env:${decodeURIComponent(match[1] ?? '')}`, name: match[2] ?? '' };
  }

  private store(scope: string, name: string, keys: KeyPair, body: string): Answer {
    if (!SECRET_NAME.test(name) || /^GITHUB_/i.test(name)) {
      return error(422, 'Secret names can only contain alphanumeric characters or underscores');
    }
    let parsed: { encrypted_value?: unknown; key_id?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return error(400, 'Problems parsing JSON');
    }
    if (parsed.key_id !== keys.keyId) return error(422, 'Bad key_id');
    if (typeof parsed.encrypted_value !== 'string') return error(422, 'encrypted_value missing');
    let opened: Uint8Array;
    try {
      const sealed = sodium.from_base64(parsed.encrypted_value, sodium.base64_variants.ORIGINAL);
      opened = sodium.crypto_box_seal_open(sealed, keys.publicKey, keys.privateKey);
    } catch {
      return error(422, 'Could not decrypt the secret');
    }
    const key = `${scope}/${name.toUpperCase()}`;
    const created = !this.stored.has(key);
    this.stored.set(key, sodium.to_string(opened));
    return { status: created ? 201 : 204 };
  }
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
}

function error(status: number, message: string): Answer {
  return {
    status,
    body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
  };
}

function newKeyPair(label: string): KeyPair {
  const pair = sodium.crypto_box_keypair();
  return {
    keyId: `${label}-${sodium.to_hex(sodium.randombytes_buf(8))}`,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
