/**
 * Run by processes.test.ts in its own Node process: a client of the devnet whose URL and token it
 * gets as arguments. It waits for the next head over ChainNotify, escrows 1 attoFIL for a client
 * account through the node, waits for that message with StateWaitMsg and prints the outcome as
 * one JSON line.
 */
import { createLotusChain } from '../../../src/adapters/lotus/index.ts'
import { parseAddress } from '../../../src/market/index.ts'

const [url, token, clientText] = process.argv.slice(2)
if (url === undefined || token === undefined || clientText === undefined)
  throw new Error('usage: url token client')
const client = parseAddress(clientText)
const chain = createLotusChain({ url, token })
const changes = chain.chainNotify()[Symbol.asyncIterator]()
const first = await changes.next()
const cid = await chain.marketAddBalance(client, client, 1n)
process.stdout.write(`${JSON.stringify({ ready: true, head: first.value?.[0]?.tipSet.height })}\n`)
const lookup = await chain.stateWaitMsg(cid, 1)
const balance = await chain.stateMarketBalance(client, lookup.tipSet)
process.stdout.write(
  `${JSON.stringify({ exitCode: lookup.receipt.exitCode, escrow: balance.escrow.toString() })}\n`,
)
await changes.return?.()
chain.close()
