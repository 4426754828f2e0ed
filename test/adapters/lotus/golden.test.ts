/**
 * The example exchanges of lotus-chain-api.md (§3.7, §3.2, §5.3, §5.4), with the elided parts
 * filled in: what the adapter sends must be those requests, and what it reads from those answers
 * must be the values they carry.
 */
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { dealIdAtIndex } from '../../../src/adapters/chain-node/deal-info.ts'
import {
  decodePublishReturn,
  decodePublishReturnJson,
} from '../../../src/adapters/lotus/cbor/publish-return.ts'
import { createLotusChain } from '../../../src/adapters/lotus/index.ts'
import { decodeMsgLookup } from '../../../src/adapters/lotus/json/receipt.ts'
import { decodeBytes } from '../../../src/adapters/lotus/json/scalars.ts'
import { parseJson } from '../../../src/adapters/lotus/json/text.ts'
import { decodeHeadChanges } from '../../../src/adapters/lotus/json/tipset.ts'
import { LotusAuthError } from '../../../src/errors.ts'
import { parseAddress } from '../../../src/market/index.ts'

const PIECE = 'baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq'
const PUBLISH = 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'
const TIPSET = 'bafy2bzaceaxm23epjsmh75yvzcecsrbavlmkcxnva66bkdebdcnyw3bjrc74u'

const MARKET_DEAL = `{"jsonrpc":"2.0","id":1,"result":{"Proposal":{"PieceCID":{"/":"${PIECE}"},"PieceSize":34359738368,
"VerifiedDeal":false,"Client":"f01001","Provider":"f01000","Label":"bafkqaaa","StartEpoch":3500000,"EndEpoch":4018400,
"StoragePricePerEpoch":"0","ProviderCollateral":"4285012315846217","ClientCollateral":"0"},
"State":{"SectorNumber":42,"SectorStartEpoch":3500100,"LastUpdatedEpoch":-1,"SlashEpoch":-1}}}`

const WAIT_RESULT = `{"Message":{"/":"${PUBLISH}"},"Receipt":{"ExitCode":0,"Return":"goIYZBhlQTw=","GasUsed":1234567,
"EventsRoot":{"/":"${TIPSET}"}},"ReturnDec":{"IDs":[100,101],"ValidDeals":[0,1,1,1]},"TipSet":[{"/":"${TIPSET}"}],"Height":3500007}`

const PUBLISH_MESSAGE = `{"jsonrpc":"2.0","id":2,"result":{"Version":0,"To":"f05","From":"f01000","Nonce":0,"Value":"0",
"GasLimit":0,"GasFeeCap":"0","GasPremium":"0","Method":4,"Params":null,"CID":{"/":"${PUBLISH}"}}}`

const NOTIFY = `{"jsonrpc":"2.0","method":"xrpc.ch.val","params":[3,[{"Type":"current","Val":{"Cids":[{"/":"${TIPSET}"}],
"Blocks":[{"Miner":"f01000","Ticket":{"VRFProof":"AA=="},"ElectionProof":{"WinCount":1,"VRFProof":"AA=="},
"BeaconEntries":[],"WinPoStProof":[],"Parents":[{"/":"${PUBLISH}"}],"ParentWeight":"12345","Height":3500007,
"ParentStateRoot":{"/":"${PUBLISH}"},"ParentMessageReceipts":{"/":"${PUBLISH}"},"Messages":{"/":"${PUBLISH}"},
"BLSAggregate":null,"Timestamp":1700000000,"BlockSig":null,"ForkSignaling":0,"ParentBaseFee":"100"}],"Height":3500007}}]]}`

/** A fetch that records request bodies and answers with the given bodies in turn. */
function scriptedFetch(answers: readonly string[]) {
  const requests: unknown[] = []
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = parseJson(String(init?.body)) as { id: number }
    requests.push(body)
    const answer = answers[requests.length - 1] ?? '{}'
    // Each answer carries the id of the request it answers.
    return new Response(answer.replace(/"id":\d+/, `"id":${body.id}`), { status: 200 })
  }
  return { fetch: fetch as typeof globalThis.fetch, requests }
}

const withoutId = (request: unknown) => ({ ...(request as object), id: undefined })

describe('golden exchanges of the reference', () => {
  it('StateMarketStorageDeal: [123456, []] in, the deal with ID addresses and its state out', async () => {
    const { fetch, requests } = scriptedFetch([MARKET_DEAL])
    const lotus = createLotusChain({ url: 'http://127.0.0.1:1234/rpc/v1' }, { fetch })
    const deal = await lotus.stateMarketStorageDeal(123456n, [])
    expect(withoutId(requests[0])).toEqual({
      jsonrpc: '2.0',
      method: 'Filecoin.StateMarketStorageDeal',
      params: [123456, []],
    })
    expect(deal.proposal.Client).toEqual(parseAddress('f01001'))
    expect(deal.proposal.Provider).toEqual(parseAddress('f01000'))
    expect(deal.proposal.PieceCID.toString()).toBe(PIECE)
    expect(deal.proposal.PieceSize).toBe(34359738368)
    expect(deal.proposal.ProviderCollateral).toBe(4285012315846217n)
    expect(deal.state).toEqual({
      sectorNumber: 42n,
      sectorStartEpoch: 3500100,
      lastUpdatedEpoch: -1,
      slashEpoch: -1,
    })
  })

  it('StateWaitMsg result: Return "goIYZBhlQTw=" decodes to the ReturnDec beside it, IDs [100, 101] for inputs 0 and 2', () => {
    const { lookup, returnDec } = decodeMsgLookup(parseJson(WAIT_RESULT), 'StateWaitMsg')
    expect(lookup).toMatchObject({
      message: CID.parse(PUBLISH),
      height: 3500007,
      tipSet: [CID.parse(TIPSET)],
    })
    expect(lookup.receipt).toEqual({
      exitCode: 0,
      returnValue: decodeBytes('goIYZBhlQTw=', 'r'),
      gasUsed: 1234567n,
    })
    const fromBytes = decodePublishReturn(lookup.receipt.returnValue)
    expect(fromBytes).toEqual({ ids: [100n, 101n], validDeals: [0, 2] })
    expect(decodePublishReturnJson(returnDec, 'ReturnDec')).toEqual(fromBytes)
  })

  it('StateSearchMsg: [tsk, cid, -1, true] in; the publish return is decoded from the receipt', async () => {
    const search = `{"jsonrpc":"2.0","id":1,"result":${WAIT_RESULT.replace(/"ReturnDec":\{[^}]*\}/, '"ReturnDec":null')}}`
    const { fetch, requests } = scriptedFetch([search, PUBLISH_MESSAGE])
    const lotus = createLotusChain({ url: 'http://127.0.0.1:1234/rpc/v1' }, { fetch })
    const lookup = await lotus.stateSearchMsg([], CID.parse(PUBLISH))
    expect(withoutId(requests[0])).toEqual({
      jsonrpc: '2.0',
      method: 'Filecoin.StateSearchMsg',
      params: [[], { '/': PUBLISH }, -1, true],
    })
    expect(withoutId(requests[1])).toEqual({
      jsonrpc: '2.0',
      method: 'Filecoin.ChainGetMessage',
      params: [{ '/': PUBLISH }],
    })
    expect(lookup?.returnDec).toEqual({ ids: [100n, 101n], validDeals: [0, 2] })
  })

  it('WalletSign: ["f01001", "EBESExMU"] in, a permission error out', async () => {
    const refused = `{"jsonrpc":"2.0","id":9,"error":{"code":1,"message":"missing permission to invoke 'WalletSign' (need 'sign')"}}`
    const { fetch, requests } = scriptedFetch([refused])
    const lotus = createLotusChain({ url: 'http://127.0.0.1:1234/rpc/v1' }, { fetch })
    const signing = lotus.walletSign(parseAddress('f01001'), decodeBytes('EBESExMU', 'b'))
    await expect(signing).rejects.toBeInstanceOf(LotusAuthError)
    await expect(signing).rejects.toHaveProperty('reason', 'permission')
    expect(withoutId(requests[0])).toEqual({
      jsonrpc: '2.0',
      method: 'Filecoin.WalletSign',
      params: ['f01001', 'EBESExMU'],
    })
  })

  it('ChainNotify value: a full Lotus tipset reduces to key, height, parents and time', () => {
    const message = parseJson(NOTIFY) as { params: [number, unknown] }
    const [change] = decodeHeadChanges(message.params[1], 'ChainNotify')
    expect(change).toEqual({
      type: 'current',
      tipSet: {
        key: [CID.parse(TIPSET)],
        height: 3500007,
        parents: [CID.parse(PUBLISH)],
        timestamp: 1700000000,
      },
    })
  })

  it('§5.3: ValidDeals {0, 2, 3} is [0, 1, 1, 2]; input 2 is deal 101, input 1 was invalid', () => {
    const returnDec = decodePublishReturnJson({ IDs: [100, 101, 102], ValidDeals: [0, 1, 1, 2] }, 'ReturnDec')
    expect(returnDec.validDeals).toEqual([0, 2, 3])
    const lookup = {
      message: CID.parse(PUBLISH),
      receipt: { exitCode: 0, returnValue: new Uint8Array(), gasUsed: 0n },
      returnDec,
      tipSet: [],
      height: 1,
    }
    expect([0, 1, 2, 3].map((index) => dealIdAtIndex(lookup, index))).toEqual([100n, undefined, 101n, 102n])
  })

  it('§5.4: the RLE+ bytes of {0, 2, 3} are 5c 01 and those of {0…7} are 14 01', () => {
    const ids = [0x83, 0x18, 0x64, 0x18, 0x65, 0x18, 0x66]
    expect(decodePublishReturn(new Uint8Array([0x82, ...ids, 0x42, 0x5c, 0x01])).validDeals).toEqual([
      0, 2, 3,
    ])
    const eight = [0x88, ...Array.from({ length: 8 }, (_, i) => i + 1)]
    expect(decodePublishReturn(new Uint8Array([0x82, ...eight, 0x42, 0x14, 0x01])).validDeals).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ])
  })
})
