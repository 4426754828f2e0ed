import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('the fildeal process', () => {
  it('prints the help and exits with the code main returned', () => {
    const child = spawnSync('npx', ['tsx', 'src/cli/bin.ts', '--help'], { cwd: root, encoding: 'utf8' })
    expect(child.status).toBe(0)
    expect(child.stdout).toContain('Usage: fildeal <command>')
    expect(child.stdout).toContain('  demo ')
  })
})
