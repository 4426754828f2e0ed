import { idAddress } from '../../../src/market/index.ts'

/** The burnt-funds actor (f099). */
export const BURNT_FUNDS = idAddress(99)
