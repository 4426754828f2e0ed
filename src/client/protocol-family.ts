/**
 * Which protocol family a new deal runs on: the newest one both the provider and this client can
 * use (Boost's mk/1.2 before go-fil-markets' mk/1.1), or the one the caller asked for.
 *
 * @module
 */

import { type ClientNetwork, DEAL_PROTOCOL_FAMILIES, type DealProtocolFamily } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { ProtocolFamilyUnavailableError } from '../errors.ts'
import type { ClientTransferRegistry } from './transfer-registry.ts'

/** What the choice depends on. */
export interface FamilyChoice {
  readonly network: ClientNetwork
  readonly transferRegistry: ClientTransferRegistry | undefined
  /** The provider's peer. */
  readonly peer: string
  /** Whether the deal is offline (no data to serve). */
  readonly offline: boolean
  /** The family the caller insists on, if any. */
  readonly requested: DealProtocolFamily | undefined
}

/** Why this client cannot run a deal over `family`, or undefined when it can. */
export function familyUnavailableReason(
  family: DealProtocolFamily,
  choice: Pick<FamilyChoice, 'network' | 'transferRegistry' | 'offline'>,
): string | undefined {
  if (family === 'mk/1.1') return undefined
  const { network } = choice
  if (network.proposeMk12Deal === undefined || network.queryMk12DealStatus === undefined)
    return 'the client network does not speak mk/1.2'
  if (!choice.offline && choice.transferRegistry === undefined)
    return 'an mk/1.2 online deal needs a transfer registry to serve its data'
  return undefined
}

/**
 * The family to propose over. A network that cannot tell which families a provider serves (no
 * `dealProtocolFamilies`, or the lookup failed) is taken to reach it over mk/1.1, so the deal is
 * recorded and an unreachable provider fails it in ProposeDeal, as before mk/1.2 existed.
 *
 * @throws {@link ProtocolFamilyUnavailableError} when the requested family cannot be used, or the
 * provider serves no family this client can use
 */
export async function chooseProtocolFamily(
  choice: FamilyChoice,
  options?: AbortOptions,
): Promise<DealProtocolFamily> {
  if (choice.requested !== undefined) {
    const reason = familyUnavailableReason(choice.requested, choice)
    if (reason !== undefined) throw new ProtocolFamilyUnavailableError(reason)
    return choice.requested
  }
  let served: readonly DealProtocolFamily[] = ['mk/1.1']
  if (choice.network.dealProtocolFamilies !== undefined) {
    try {
      served = await choice.network.dealProtocolFamilies(choice.peer, options)
    } catch {
      served = ['mk/1.1']
    }
  }
  for (const family of DEAL_PROTOCOL_FAMILIES) {
    if (served.includes(family) && familyUnavailableReason(family, choice) === undefined) return family
  }
  throw new ProtocolFamilyUnavailableError(
    `provider ${choice.peer} serves ${served.length === 0 ? 'no deal protocol' : served.join(', ')}, none this client can use`,
  )
}
