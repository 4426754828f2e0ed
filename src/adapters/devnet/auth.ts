/**
 * The devnet's tokens: JWTs signed with HS256 by a secret made at start, whose payload lists the
 * Lotus permissions `{"Allow": [...]}` as `lotus auth create-token` makes them, plus one opaque
 * admin token when the caller supplies its own. Unlike Lotus, a request without a token is refused
 * too: every request must carry one.
 *
 * @module
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { LotusPermission } from '../lotus/methods.ts'

/** Every permission, as an admin token has them. */
export const ALL_PERMISSIONS: readonly LotusPermission[] = ['read', 'write', 'sign', 'admin']

const PERMISSIONS = new Set<string>(ALL_PERMISSIONS)

/** Accepted tokens remembered at most. */
const ACCEPTED_TOKENS = 64

function base64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url')
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever the input.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())
}

/** Mints and checks the devnet's tokens. */
export class DevnetAuth {
  readonly #secret = randomBytes(32)
  readonly #adminToken: string | undefined
  readonly #accepted = new Map<string, ReadonlySet<LotusPermission>>()

  /** @param adminToken - a token the caller chose, accepted with every permission */
  constructor(adminToken?: string) {
    this.#adminToken = adminToken
  }

  /** A JWT granting `allow`. */
  createToken(allow: readonly LotusPermission[]): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
    const payload = base64url(JSON.stringify({ Allow: [...allow] }))
    const signature = createHmac('sha256', this.#secret).update(`${header}.${payload}`).digest()
    return `${header}.${payload}.${base64url(signature)}`
  }

  /**
   * The permissions of a token, or undefined when the devnet did not issue it. Tokens never expire,
   * so the last few accepted are remembered: a busy client sends the same one with every call.
   */
  verify(token: string): ReadonlySet<LotusPermission> | undefined {
    const known = this.#accepted.get(token)
    if (known !== undefined) return known
    const permissions = this.#check(token)
    if (permissions !== undefined) {
      if (this.#accepted.size >= ACCEPTED_TOKENS) this.#accepted.clear()
      this.#accepted.set(token, permissions)
    }
    return permissions
  }

  #check(token: string): ReadonlySet<LotusPermission> | undefined {
    if (this.#adminToken !== undefined && sameSecret(token, this.#adminToken)) return new Set(ALL_PERMISSIONS)
    const [header, payload, signature, ...rest] = token.split('.')
    if (header === undefined || payload === undefined || signature === undefined || rest.length > 0)
      return undefined
    const expected = createHmac('sha256', this.#secret).update(`${header}.${payload}`).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    try {
      const allow = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { Allow?: unknown })
        .Allow
      if (!Array.isArray(allow)) return undefined
      return new Set(allow.filter((p): p is LotusPermission => typeof p === 'string' && PERMISSIONS.has(p)))
    } catch {
      return undefined
    }
  }

  /**
   * The permissions of a request, from `Authorization: Bearer <token>` or `?token=` as Lotus
   * accepts them; undefined when it carries no valid token (the server answers 401).
   */
  authorize(request: IncomingMessage): ReadonlySet<LotusPermission> | undefined {
    const header = request.headers.authorization
    if (header !== undefined) {
      const match = /^Bearer (\S+)$/.exec(header)
      return match?.[1] === undefined ? undefined : this.verify(match[1])
    }
    const query = new URL(request.url ?? '/', 'http://devnet').searchParams.get('token')
    return query === null ? undefined : this.verify(query)
  }
}
