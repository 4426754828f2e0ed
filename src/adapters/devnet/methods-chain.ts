/**
 * The devnet's chain methods: ChainHead, ChainGetTipSet, ChainGetPath and ChainGetMessage.
 * ChainNotify is served by the WebSocket session.
 *
 * @module
 */
import { decodeCid } from '../lotus/json/cid.ts'
import { encodeMessage } from '../lotus/json/message.ts'
import { decodeTipSetKey, encodeHeadChange, encodeTipSet } from '../lotus/json/tipset.ts'
import { LOTUS_METHODS } from '../lotus/methods.ts'
import { type HandlerContext, lotusMethod, type MethodHandler } from './handler.ts'

async function head(context: HandlerContext) {
  const tipSet = await context.chain.chainHead({ signal: context.signal })
  context.index.add(tipSet)
  return tipSet
}

/** Chain methods by JSON-RPC name. */
export const CHAIN_METHODS: Readonly<Record<string, MethodHandler>> = {
  'Filecoin.ChainHead': lotusMethod('ChainHead', async (_params, context) =>
    encodeTipSet(await head(context)),
  ),
  'Filecoin.ChainNotify': {
    params: LOTUS_METHODS.ChainNotify.params,
    permission: LOTUS_METHODS.ChainNotify.permission,
    channel: true,
    run: () => Promise.reject(new Error('ChainNotify is served by the WebSocket session')),
  },
  'Filecoin.ChainGetTipSet': lotusMethod('ChainGetTipSet', async (params, context) => {
    const key = params.get(0, decodeTipSetKey)
    return encodeTipSet(key.length === 0 ? await head(context) : context.index.get(key))
  }),
  'Filecoin.ChainGetPath': lotusMethod('ChainGetPath', async (params, context) => {
    const from = params.get(0, decodeTipSetKey)
    const to = params.get(1, decodeTipSetKey)
    // An empty key stands for the head, here as in every other tipset parameter.
    const current = (await head(context)).key
    const path = context.index.path(from.length === 0 ? current : from, to.length === 0 ? current : to)
    return path.map(encodeHeadChange)
  }),
  'Filecoin.ChainGetMessage': lotusMethod('ChainGetMessage', async (params, context) => {
    const cid = params.get(0, decodeCid)
    const message = await context.chain.chainGetMessage(cid, { signal: context.signal })
    return encodeMessage(message, context.nonces.get(cid.toString()) ?? 0)
  }),
}
