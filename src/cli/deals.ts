/**
 * How the CLI prices and orders deals in its tables.
 *
 * @module
 */

/** The whole price of a deal, as Lotus lists it: price per epoch times the deal's epochs. */
export function totalPrice(proposal: {
  StoragePricePerEpoch: bigint
  StartEpoch: number
  EndEpoch: number
}): bigint {
  return proposal.StoragePricePerEpoch * BigInt(proposal.EndEpoch - proposal.StartEpoch)
}

/** A deal id for ordering: unpublished deals (id 0) come after published ones. */
export function dealIdRank(dealId: number): number {
  return dealId === 0 ? Number.POSITIVE_INFINITY : dealId
}

/**
 * Orders deal records oldest first. Deals proposed in the same instant of a virtual clock tie on
 * CreationTime, so the on-chain deal id, given in publish order, breaks the tie.
 */
export function byCreationTime(
  a: { CreationTime: bigint; DealID: number },
  b: { CreationTime: bigint; DealID: number },
): number {
  if (a.CreationTime !== b.CreationTime) return a.CreationTime < b.CreationTime ? -1 : 1
  return dealIdRank(a.DealID) - dealIdRank(b.DealID) || 0
}
