import { describe, expect, it } from 'vitest'
import { fields, formatSize, shortCid, shortStatus, table } from '../../src/cli/format.ts'

describe('table', () => {
  it('pads every column to its widest cell and right-aligns numbers', () => {
    const lines = table(
      [{ title: 'Name' }, { title: 'N', align: 'right' }, { title: 'Note' }],
      [
        ['a', '100', ''],
        ['longer', '2', 'x'],
      ],
    )
    expect(lines).toEqual(['Name      N  Note', 'a       100', 'longer    2  x'])
  })
})

describe('formatSize', () => {
  it.each([
    [256, '256 B'],
    [2048, '2 KiB'],
    [1536, '1.5 KiB'],
    [34_359_738_368, '32 GiB'],
    [3000, '2.93 KiB'],
  ])('prints %d as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text)
  })
})

describe('short forms', () => {
  it('keep both ends of a CID and drop the status prefix', () => {
    expect(shortCid('bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza')).toBe('bafyre…gdvqza')
    expect(shortCid('bafy')).toBe('bafy')
    expect(shortStatus('StorageDealExpired')).toBe('Expired')
  })
})

describe('fields', () => {
  it('aligns the values', () => {
    expect(
      fields([
        ['A', '1'],
        ['Longer', '2'],
      ]),
    ).toEqual(['A:       1', 'Longer:  2'])
  })
})
