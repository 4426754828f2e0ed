/**
 * CleanupDeal (StorageDealFinalizing): remove the deal's staged files once the deal is active.
 *
 * @module
 */

import { messageOf } from '../../errors.ts'
import { StepText, wrap } from '../messages.ts'
import type { ProviderContext, ProviderStep } from './context.ts'

/**
 * Finalized once the files are gone. When one cannot be removed the deal still becomes active, with
 * the failure in its Message (FileStoreErrored); the reference only logs it.
 */
export async function cleanupDeal(ctx: ProviderContext): ProviderStep {
  const failures = await removeStagedFiles(ctx)
  return failures.length === 0
    ? { type: 'ProviderEventFinalized' }
    : { type: 'ProviderEventFileStoreErrored', error: wrap(StepText.cleanup, failures.join('; ')) }
}

/** Delete PiecePath, MetadataPath and the staging area of the deal; resolves with what failed. */
export async function removeStagedFiles(ctx: ProviderContext): Promise<string[]> {
  const { record: deal, env, signal } = ctx
  const failures: string[] = []
  for (const path of [deal.PiecePath, deal.MetadataPath, deal.InboundCAR]) {
    if (path === '') continue
    try {
      await env.staging.delete(path, { signal })
    } catch (error) {
      failures.push(`${path}: ${messageOf(error)}`)
    }
  }
  return failures
}
