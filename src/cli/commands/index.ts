/**
 * Every `fildeal` command, in the order the help lists them.
 *
 * @module
 */

import type { CliCommand } from '../command.ts'
import { chainHeadCommand } from './chain-head.ts'
import { clientDealCommand } from './client-deal.ts'
import { clientGetDealCommand } from './client-get-deal.ts'
import { clientImportCommand } from './client-import.ts'
import { clientListDealsCommand } from './client-list-deals.ts'
import { clientQueryAskCommand } from './client-query-ask.ts'
import { demoCommand } from './demo.ts'
import { devnetCommand } from './devnet.ts'
import { diagramsCommand } from './diagrams.ts'
import { providerGetAskCommand } from './provider-get-ask.ts'
import { providerListDealsCommand } from './provider-list-deals.ts'
import { providerRunCommand } from './provider-run.ts'
import { providerSetAskCommand } from './provider-set-ask.ts'

/** The commands `main` dispatches to; a name of two words belongs to a group (`client`, `provider`). */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  clientImportCommand,
  clientListDealsCommand,
  clientGetDealCommand,
  clientQueryAskCommand,
  clientDealCommand,
  providerListDealsCommand,
  providerGetAskCommand,
  providerSetAskCommand,
  providerRunCommand,
  devnetCommand,
  chainHeadCommand,
  diagramsCommand,
]
