import type { Actor } from '../context.ts';

/** What a session cookie resolves to. */
export interface SessionPrincipal {
  actor: Actor;
  csrfToken: string;
}

interface CachedToken {
  tokenId: string;
  actor: Actor;
  lastUsedAt: Date | null;
}

interface CachedSession {
  principal: SessionPrincipal;
  expiresAt: Date;
}

/** Entries at most; beyond, the cache starts again empty (a flood of distinct tokens cannot grow it). */
const MAX_ENTRIES = 10_000;

/**
 * Staff principals by token hash, so an authenticated request does not read them from the database each time. It
 * serves only while `active`: the process listens for remit_auth_changed (migration 027) and clears it on every
 * notice, so a token revoked or a user deactivated in any process stops working here as soon as the notice
 * arrives. When the listening connection is lost the cache is switched off (every request reads the database)
 * until it is back. A read that started before a clear never stores its result after it (generation check).
 */
export class AuthCache {
  private active = false;
  private generation = 0;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly sessions = new Map<string, CachedSession>();

  /** Starts serving from an empty cache (the listener is connected). */
  activate(): void {
    this.clear();
    this.active = true;
  }

  /** Stops serving (the listener lost its connection): changes could be missed. */
  deactivate(): void {
    this.active = false;
    this.clear();
  }

  clear(): void {
    this.generation++;
    this.tokens.clear();
    this.sessions.clear();
  }

  /** A token to pass to `storeToken`/`storeSession`, taken before reading the database. */
  get version(): number {
    return this.generation;
  }

  token(hash: string): CachedToken | undefined {
    return this.active ? this.tokens.get(hash) : undefined;
  }

  storeToken(hash: string, entry: CachedToken, version: number): void {
    if (!this.active || version !== this.generation) return;
    if (this.tokens.size >= MAX_ENTRIES) this.tokens.clear();
    this.tokens.set(hash, entry);
  }

  session(hash: string, now: Date): SessionPrincipal | undefined {
    if (!this.active) return undefined;
    const entry = this.sessions.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.sessions.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  storeSession(hash: string, entry: CachedSession, version: number): void {
    if (!this.active || version !== this.generation) return;
    if (this.sessions.size >= MAX_ENTRIES) this.sessions.clear();
    this.sessions.set(hash, entry);
  }
}
