import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { AbortError, InvalidKeyError, KeyNotFoundError } from '../../src/errors.ts'
import {
  type Address,
  type ClientDealProposal,
  type DealProposal,
  MemoryWallet,
  type ProviderDealState,
  parseAddress,
  signDealProposal,
  signDealStatusRequest,
  signDealStatusResponse,
  signResponse,
  signStorageAsk,
  verifyDealStatusRequest,
  verifyDealStatusResponse,
  verifyProposalSignature,
  verifySignature,
  verifySignedResponse,
  verifySignedStorageAsk,
} from '../../src/market/index.ts'

const PIECE = CID.createV1(0xf101, Digest.create(0x1012, new Uint8Array(32).fill(7)))
const PROPOSAL_CID = CID.createV1(0x71, Digest.create(0x12, new Uint8Array(32).fill(9)))

function proposalFor(client: Address): DealProposal {
  return {
    PieceCID: PIECE,
    PieceSize: 1 << 20,
    VerifiedDeal: false,
    Client: client,
    Provider: parseAddress('f01000'),
    Label: 'mAXCg5AIgjWmCNVQ',
    StartEpoch: 10_000,
    EndEpoch: 10_000 + 518_400,
    StoragePricePerEpoch: 9765n,
    ProviderCollateral: 5000n,
    ClientCollateral: 0n,
  }
}

function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes)
  copy[index % copy.length] = (copy[index % copy.length] as number) ^ 0x01
  return copy
}

describe('proposal signatures', () => {
  for (const type of ['secp256k1', 'bls'] as const) {
    it(`a proposal signed with a ${type} key verifies, and a flipped byte does not`, async () => {
      const wallet = new MemoryWallet()
      const client = wallet.generateKey(type)
      const signed = await signDealProposal(wallet, proposalFor(client))
      expect(signed.ClientSignature.Type).toBe(type === 'bls' ? 2 : 1)
      expect(signed.ClientSignature.Data).toHaveLength(type === 'bls' ? 96 : 65)
      expect(verifyProposalSignature(signed)).toBe(true)

      const badSignature: ClientDealProposal = {
        ...signed,
        ClientSignature: { ...signed.ClientSignature, Data: flipByte(signed.ClientSignature.Data, 10) },
      }
      expect(verifyProposalSignature(badSignature)).toBe(false)
      const changedProposal = { ...signed, Proposal: { ...signed.Proposal, StoragePricePerEpoch: 9766n } }
      expect(verifyProposalSignature(changedProposal)).toBe(false)
      const other = wallet.generateKey(type)
      expect(verifyProposalSignature(signed, other)).toBe(false)
    })
  }

  it('an imported key gives the same address and signatures that verify', async () => {
    const privateKey = new Uint8Array(32).fill(3)
    const first = new MemoryWallet().importKey('secp256k1', privateKey)
    const wallet = new MemoryWallet()
    const again = wallet.importKey('secp256k1', privateKey)
    expect(again.toString()).toBe(first.toString())
    const signed = await signDealProposal(wallet, proposalFor(again))
    expect(verifyProposalSignature(signed)).toBe(true)
    expect(wallet.list().map(String)).toEqual([again.toString()])
  })
})

describe('verifySignature', () => {
  it('returns false, never throws, for malformed or mismatched signatures', async () => {
    const wallet = new MemoryWallet()
    const secp = wallet.generateKey('secp256k1')
    const bls = wallet.generateKey('bls')
    const bytes = Uint8Array.of(1, 2, 3)
    const good = await wallet.sign(secp, bytes)
    expect(verifySignature(good, secp, bytes)).toBe(true)
    expect(verifySignature(good, bls, bytes)).toBe(false) // type does not match the address
    expect(verifySignature({ Type: 1, Data: good.Data.subarray(0, 64) }, secp, bytes)).toBe(false)
    expect(
      verifySignature({ Type: 1, Data: Uint8Array.of(...good.Data.subarray(0, 64), 9) }, secp, bytes),
    ).toBe(false)
    expect(verifySignature({ Type: 2, Data: new Uint8Array(96) }, bls, bytes)).toBe(false)
    expect(verifySignature({ Type: 2, Data: new Uint8Array(96).fill(0xff) }, bls, bytes)).toBe(false)
    expect(verifySignature({ Type: 3, Data: good.Data }, secp, bytes)).toBe(false)
    expect(verifySignature(good, parseAddress('f01000'), bytes)).toBe(false) // ID signers need resolving
  })
})

describe('provider and status signatures', () => {
  it('signed response, ask and status messages verify against the signer and nobody else', async () => {
    const wallet = new MemoryWallet()
    const worker = wallet.generateKey('bls')
    const client = wallet.generateKey('secp256k1')
    const stranger = wallet.generateKey('secp256k1')

    const response = await signResponse(wallet, worker, {
      State: 'StorageDealWaitingForData',
      Message: '',
      Proposal: PROPOSAL_CID,
      PublishMessage: null,
    })
    expect(verifySignedResponse(response, worker)).toBe(true)
    expect(
      verifySignedResponse({ ...response, Response: { ...response.Response, Message: 'x' } }, worker),
    ).toBe(false)
    expect(verifySignedResponse({ ...response, Signature: null }, worker)).toBe(false)

    const ask = await signStorageAsk(wallet, worker, {
      Price: 500_000_000n,
      VerifiedPrice: 50_000_000n,
      MinPieceSize: 256,
      MaxPieceSize: 1 << 20,
      Miner: parseAddress('f01000'),
      Timestamp: 1,
      Expiry: 1_000_001,
      SeqNo: 0,
    })
    expect(verifySignedStorageAsk(ask, worker)).toBe(true)
    expect(verifySignedStorageAsk(ask, stranger)).toBe(false)
    expect(verifySignedStorageAsk({ ...ask, Ask: null }, worker)).toBe(false)

    const request = await signDealStatusRequest(wallet, client, PROPOSAL_CID)
    expect(verifyDealStatusRequest(request, client)).toBe(true)
    expect(verifyDealStatusRequest({ ...request, Proposal: PIECE }, client)).toBe(false)

    const state: ProviderDealState = {
      State: 'StorageDealSealing',
      Message: '',
      Proposal: proposalFor(client),
      ProposalCid: PROPOSAL_CID,
      AddFundsCid: null,
      PublishCid: null,
      DealID: 42,
      FastRetrieval: true,
    }
    const status = await signDealStatusResponse(wallet, worker, state)
    expect(verifyDealStatusResponse(status, worker)).toBe(true)
    expect(verifyDealStatusResponse({ ...status, DealState: { ...state, DealID: 43 } }, worker)).toBe(false)
  })

  it('verification fails instead of throwing when the value has no wire form', () => {
    const broken = { ...proposalFor(parseAddress('f01000')), StartEpoch: 0.5 }
    expect(
      verifyProposalSignature({ Proposal: broken, ClientSignature: { Type: 1, Data: new Uint8Array(65) } }),
    ).toBe(false)
  })
})

describe('MemoryWallet', () => {
  it('refuses addresses it holds no key for', async () => {
    const wallet = new MemoryWallet()
    await expect(wallet.sign(parseAddress('f01000'), new Uint8Array(1))).rejects.toBeInstanceOf(
      KeyNotFoundError,
    )
  })

  it('honours an aborted signal', async () => {
    const wallet = new MemoryWallet()
    const address = wallet.generateKey('secp256k1')
    const controller = new AbortController()
    controller.abort()
    await expect(
      wallet.sign(address, new Uint8Array(1), { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError)
  })

  it('rejects malformed private keys', () => {
    const wallet = new MemoryWallet()
    expect(() => wallet.importKey('secp256k1', new Uint8Array(31))).toThrow(InvalidKeyError)
    expect(() => wallet.importKey('secp256k1', new Uint8Array(32))).toThrow(InvalidKeyError)
    expect(() => wallet.importLotusKey('zz')).toThrow(InvalidKeyError)
    expect(() => wallet.generateKey('rsa' as 'bls')).toThrow(InvalidKeyError)
  })

  it('imports a Lotus key export', async () => {
    const privateKey = new Uint8Array(32).fill(5)
    const json = JSON.stringify({ Type: 'secp256k1', PrivateKey: Buffer.from(privateKey).toString('base64') })
    const wallet = new MemoryWallet()
    const address = wallet.importLotusKey(Buffer.from(json).toString('hex'))
    expect(address.toString()).toBe(new MemoryWallet().importKey('secp256k1', privateKey).toString())
    expect(wallet.has(address)).toBe(true)
  })
})
