import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorUser } from './types.js';

/**
 * What the browser side of the emulator remembers: the seeded users, authorization requests
 * waiting for a sign-in, consent tickets (a signed-in user looking at Allow / Deny), and issued
 * authorization codes. Pure bookkeeping; the pages and the token endpoint apply the rules.
 */

export interface AuthorizationRequest {
  id: string;
  clientId: string;
  clientName: string;
  /** As sent to /authorize, port included; CreateToken must send the same. */
  redirectUri: string;
  state: string | undefined;
  codeChallenge: string;
  scopes: string[];
  expiresAtMs: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  expiresAtMs: number;
  used: boolean;
}

/** What a consent ticket lets its holder decide. */
export type ConsentSubject =
  | { kind: 'authorize'; requestId: string }
  | { kind: 'device'; userCode: string };

interface Consent {
  subject: ConsentSubject;
  username: string;
  expiresAtMs: number;
}

/** How long a page may sit open between steps; the service's sign-in pages time out too. */
const PAGE_TTL_MS = 10 * 60 * 1000;

const opaque = (prefix: string, bytes: number): string =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** RFC 7636 S256. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export class AuthorizationBook {
  private readonly requests = new Map<string, AuthorizationRequest>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly consents = new Map<string, Consent>();
  /** Every /authorize request that was accepted, in order (extension, for tests). */
  readonly accepted: AuthorizationRequest[] = [];

  constructor(
    private readonly users: readonly EmulatorUser[],
    private readonly codeTtlSeconds: number,
    private readonly remember: (secret: string) => string,
  ) {}

  /** True when the user exists and the password is theirs. */
  checkPassword(username: string, password: string): boolean {
    return this.users.some((user) => user.username === username && user.password === password);
  }

  get usernames(): string[] {
    return this.users.map((user) => user.username);
  }

  startRequest(request: Omit<AuthorizationRequest, 'id' | 'expiresAtMs'>): AuthorizationRequest {
    const stored = { ...request, id: opaque('ar-', 18), expiresAtMs: Date.now() + PAGE_TTL_MS };
    this.requests.set(stored.id, stored);
    this.accepted.push(stored);
    return stored;
  }

  /** A request still waiting for its decision. */
  request(id: string): AuthorizationRequest | undefined {
    const request = this.requests.get(id);
    return request && request.expiresAtMs > Date.now() ? request : undefined;
  }

  /** A request is decided once: Allow or Deny closes it. */
  closeRequest(id: string): void {
    this.requests.delete(id);
  }

  openConsent(subject: ConsentSubject, username: string): string {
    const ticket = opaque('ct-', 18);
    this.consents.set(ticket, { subject, username, expiresAtMs: Date.now() + PAGE_TTL_MS });
    return ticket;
  }

  /** The consent a ticket stands for, used up by taking it. */
  takeConsent(ticket: string): Consent | undefined {
    const consent = this.consents.get(ticket);
    this.consents.delete(ticket);
    return consent && consent.expiresAtMs > Date.now() ? consent : undefined;
  }

  issueCode(request: AuthorizationRequest): string {
    const code = this.remember(opaque('ac-', 36));
    this.codes.set(code, {
      code,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scopes: [...request.scopes],
      expiresAtMs: Date.now() + this.codeTtlSeconds * 1000,
      used: false,
    });
    return code;
  }

  /**
   * The code for a redemption attempt, used up by it whatever happens next, so that nobody
   * gets a second guess at the verifier. Undefined when unknown, used or expired.
   */
  redeemCode(code: string): AuthorizationCode | undefined {
    const record = this.codes.get(code);
    if (!record || record.used || record.expiresAtMs <= Date.now()) return undefined;
    record.used = true;
    return record;
  }
}
