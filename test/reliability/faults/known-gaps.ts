/**
 * The site × fault cases of the walk that still break a property, with why. The walk fails when a
 * case breaks a property not listed here, and when a listed one no longer breaks (then remove it).
 * docs/reliability.md ("Faults") summarises them.
 */

/** A case's broken properties and the reason. */
export interface KnownGap {
  readonly broken: readonly string[]
  readonly why: string
}

/** By `site kind`. */
export const KNOWN_GAPS: Readonly<Record<string, KnownGap>> = {}
