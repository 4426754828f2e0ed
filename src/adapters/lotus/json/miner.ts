/**
 * Miner values in the Lotus API: MinerInfo (addresses as ID addresses, PeerId as text or null,
 * Multiaddrs as base64 binary multiaddrs) and SectorPreCommitOnChainInfo
 * `{"Info": {...}, "PreCommitDeposit", "PreCommitEpoch"}` or null.
 *
 * @module
 */
import type { Address } from '../../../market/index.ts'
import type { MinerInfo, SectorPreCommitInfo } from '../../chain.ts'
import { decodeAddress, decodeAddresses, encodeAddress } from './address.ts'
import { type CidJson, decodeCid, encodeCid } from './cid.ts'
import { multiaddrToBytes, multiaddrToText } from './multiaddr.ts'
import {
  asArray,
  asObject,
  asSafeInt,
  asString,
  asUint64,
  decodeBytes,
  encodeBytes,
  member,
} from './scalars.ts'

/** Seal proof written for the sectors the devnet reports (StackedDrg32GiBV1_1). */
const SEAL_PROOF = 8
/** Window PoSt proof of the same sector family (StackedDrgWindow32GiBV1P1). */
const WINDOW_POST_PROOF = 13

/** The Lotus JSON form of a miner's information; members this library does not model get Lotus' neutral values. */
export function encodeMinerInfo(info: MinerInfo): Record<string, unknown> {
  return {
    Owner: encodeAddress(info.owner),
    Worker: encodeAddress(info.worker),
    NewWorker: '<empty>',
    ControlAddresses: info.controlAddresses.map(encodeAddress),
    WorkerChangeEpoch: -1,
    PeerId: info.peerId ?? null,
    Multiaddrs: info.multiaddrs.map((text) => encodeBytes(multiaddrToBytes(text))),
    WindowPoStProofType: WINDOW_POST_PROOF,
    SectorSize: info.sectorSize,
    WindowPoStPartitionSectors: 0,
    ConsensusFaultElapsed: -1,
    PendingOwnerAddress: null,
    Beneficiary: encodeAddress(info.owner),
    BeneficiaryTerm: { Quota: '0', UsedQuota: '0', Expiration: 0 },
    PendingBeneficiaryTerm: null,
  }
}

/** Reads a miner's information. */
export function decodeMinerInfo(value: unknown, path: string): MinerInfo {
  const object = asObject(value, path)
  const at = (key: string): unknown => member(object, key, path)
  const peerId = at('PeerId')
  const multiaddrs = at('Multiaddrs')
  const controls = at('ControlAddresses')
  return {
    owner: decodeAddress(at('Owner'), `${path}.Owner`),
    worker: decodeAddress(at('Worker'), `${path}.Worker`),
    controlAddresses: controls === null ? [] : decodeAddresses(controls, `${path}.ControlAddresses`),
    peerId: peerId === null ? undefined : asString(peerId, `${path}.PeerId`),
    multiaddrs:
      multiaddrs === null
        ? []
        : asArray(multiaddrs, `${path}.Multiaddrs`).map((item, i) =>
            multiaddrToText(decodeBytes(item, `${path}.Multiaddrs[${i}]`)),
          ),
    sectorSize: asUint64(at('SectorSize'), `${path}.SectorSize`),
  }
}

/** The JSON form of a pre-committed sector. */
export interface PreCommitJson {
  readonly Info: {
    readonly SealProof: number
    readonly SectorNumber: bigint
    readonly SealedCID: CidJson
    readonly SealRandEpoch: number
    readonly DealIDs: readonly bigint[]
    readonly Expiration: number
    readonly UnsealedCid: null
  }
  readonly PreCommitDeposit: string
  readonly PreCommitEpoch: number
}

/** The Lotus JSON form of a pre-committed sector (no deposit: the simulated miners pay none). */
export function encodePreCommitInfo(info: SectorPreCommitInfo): PreCommitJson {
  return {
    Info: {
      SealProof: SEAL_PROOF,
      SectorNumber: info.sectorNumber,
      SealedCID: encodeCid(info.sealedCid),
      SealRandEpoch: 0,
      DealIDs: info.dealIds,
      Expiration: info.expiration,
      UnsealedCid: null,
    },
    PreCommitDeposit: '0',
    PreCommitEpoch: info.preCommitEpoch,
  }
}

/** Reads StateSectorPreCommitInfo's result; null (not pre-committed) reads as undefined. */
export function decodePreCommitInfo(value: unknown, path: string): SectorPreCommitInfo | undefined {
  if (value === null) return undefined
  const object = asObject(value, path)
  const infoPath = `${path}.Info`
  const info = asObject(member(object, 'Info', path), infoPath)
  const dealIds = member(info, 'DealIDs', infoPath)
  return {
    sectorNumber: asUint64(member(info, 'SectorNumber', infoPath), `${infoPath}.SectorNumber`),
    dealIds:
      dealIds === null
        ? []
        : asArray(dealIds, `${infoPath}.DealIDs`).map((id, i) => asUint64(id, `${infoPath}.DealIDs[${i}]`)),
    expiration: asSafeInt(member(info, 'Expiration', infoPath), `${infoPath}.Expiration`),
    sealedCid: decodeCid(member(info, 'SealedCID', infoPath), `${infoPath}.SealedCID`),
    preCommitEpoch: asSafeInt(member(object, 'PreCommitEpoch', path), `${path}.PreCommitEpoch`),
  }
}

/** Reads a list of miner addresses (StateListMiners). */
export function decodeMinerList(value: unknown, path: string): Address[] {
  return value === null ? [] : decodeAddresses(value, path)
}
