/**
 * Every `fildeal` command, in the order the help lists them.
 *
 * @module
 */

import type { CliCommand } from '../command.ts'
import { chainHeadCommand } from './chain-head.ts'
import { clientGetDealCommand } from './client-get-deal.ts'
import { clientImportCommand } from './client-import.ts'
import { clientListDealsCommand } from './client-list-deals.ts'
import { demoCommand } from './demo.ts'
import { devnetCommand } from './devnet.ts'
import { diagramsCommand } from './diagrams.ts'
import { providerGetAskCommand } from './provider-get-ask.ts'
import { providerListDealsCommand } from './provider-list-deals.ts'
import { providerSetAskCommand } from './provider-set-ask.ts'

/** The commands `main` dispatches to; a name of two words belongs to a group (`client`, `provider`). */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  clientImportCommand,
  clientListDealsCommand,
  clientGetDealCommand,
  providerListDealsCommand,
  providerGetAskCommand,
  providerSetAskCommand,
  devnetCommand,
  chainHeadCommand,
  diagramsCommand,
]
