/**
 * The devnet's spending and signing methods: MpoolPushMessage, MarketAddBalance, MarketWithdraw,
 * WalletSign, WalletVerify and WalletBalance. Like a Lotus node, it only pushes messages whose
 * sender's key its wallet (the simulated chain's) holds, and signs them with it.
 *
 * @module
 */
import { InvalidMessageError } from '../../errors.ts'
import type { Address } from '../../market/index.ts'
import type { MessageSendSpec } from '../chain.ts'
import { decodeAddress } from '../lotus/json/address.ts'
import { encodeCid } from '../lotus/json/cid.ts'
import { decodeMessage, encodeSignedMessage } from '../lotus/json/message.ts'
import { asObject, decodeBigInt, decodeBytes, encodeBigInt, optionalMember } from '../lotus/json/scalars.ts'
import { decodeSignature, encodeSignature } from '../lotus/json/signature.ts'
import type { SimChain } from '../sim-chain/sim-chain.ts'
import { lotusMethod, type MethodHandler } from './handler.ts'

/** MessageSendSpec: only MaxFee means anything to the simulated pool. */
function decodeSendSpec(value: unknown, path: string): MessageSendSpec {
  if (value === null) return {}
  const maxFee = optionalMember(asObject(value, path), 'MaxFee')
  return maxFee === undefined || maxFee === null ? {} : { maxFee: decodeBigInt(maxFee, `${path}.MaxFee`) }
}

/** Refuses, before anything is queued, a sender whose key the node's wallet does not hold. */
async function requireKey(chain: SimChain, from: Address, signal: AbortSignal): Promise<void> {
  await chain.walletSign(from, new Uint8Array(0), { signal })
}

/** Wallet, pool and market-fund methods by JSON-RPC name. */
export const WALLET_METHODS: Readonly<Record<string, MethodHandler>> = {
  'Filecoin.MpoolPushMessage': lotusMethod('MpoolPushMessage', async (params, { chain, nonces, signal }) => {
    const { message, nonce } = params.get(0, decodeMessage)
    const spec = params.get(1, decodeSendSpec)
    if (nonce !== 0)
      throw new InvalidMessageError(`MpoolPushMessage expects message nonce to be 0, was ${nonce}`)
    await requireKey(chain, message.from, signal)
    const signed = await chain.mpoolPushMessage(message, spec, { signal })
    nonces.set(signed.cid.toString(), signed.nonce)
    const signature = await chain.walletSign(message.from, signed.cid.bytes, { signal })
    return encodeSignedMessage(signed, encodeSignature(signature))
  }),
  'Filecoin.MarketAddBalance': lotusMethod('MarketAddBalance', async (params, { chain, signal }) => {
    const wallet = params.get(0, decodeAddress)
    const address = params.get(1, decodeAddress)
    const amount = params.get(2, decodeBigInt)
    await requireKey(chain, wallet, signal)
    return encodeCid(await chain.marketAddBalance(wallet, address, amount, { signal }))
  }),
  'Filecoin.MarketWithdraw': lotusMethod('MarketWithdraw', async (params, { chain, signal }) => {
    const wallet = params.get(0, decodeAddress)
    const address = params.get(1, decodeAddress)
    const amount = params.get(2, decodeBigInt)
    await requireKey(chain, wallet, signal)
    return encodeCid(await chain.marketWithdraw(wallet, address, amount, { signal }))
  }),
  'Filecoin.WalletSign': lotusMethod('WalletSign', async (params, { chain, signal }) => {
    const address = params.get(0, decodeAddress)
    const bytes = params.get(1, decodeBytes)
    return encodeSignature(await chain.walletSign(address, bytes, { signal }))
  }),
  'Filecoin.WalletVerify': lotusMethod('WalletVerify', async (params, { chain, signal }) => {
    const address = params.get(0, decodeAddress)
    const bytes = params.get(1, decodeBytes)
    const signature = params.get(2, decodeSignature)
    return chain.walletVerify(address, bytes, signature, { signal })
  }),
  'Filecoin.WalletBalance': lotusMethod('WalletBalance', async (params, { chain, signal }) =>
    encodeBigInt(await chain.walletBalance(params.get(0, decodeAddress), { signal })),
  ),
}
