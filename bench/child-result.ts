/** Running part of a benchmark in a process of its own and reading back what it measured. */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Runs `script` under `node --expose-gc --import tsx` with the arguments `args(file)` gives for a
 * fresh result file, its output going to this process's, and returns the JSON it wrote to that
 * file. Rejects naming `what` when the process does not exit cleanly.
 */
export async function childResult<T>(
  script: string,
  args: (resultFile: string) => readonly string[],
  what: string,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'fildeal-bench-'))
  const file = join(dir, 'result.json')
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args(file)], {
        stdio: 'inherit',
      })
      child.on('error', reject)
      child.on('exit', resolve)
    })
    if (code !== 0) throw new Error(`${what} exited with ${code}`)
    return JSON.parse(await readFile(file, 'utf8')) as T
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
