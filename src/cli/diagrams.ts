import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type AnyMachineDefinition, toMermaid, toSvg } from '../fsm/index.ts'

/** A diagram file and its expected content. */
export interface DiagramFile {
  readonly path: string
  readonly content: string
}

/** The files `fildeal diagrams` writes for each machine: `<name>.mmd` and `<name>.svg`. */
export async function renderDiagrams(
  dir: string,
  machines: Readonly<Record<string, AnyMachineDefinition>>,
): Promise<DiagramFile[]> {
  const files: DiagramFile[] = []
  for (const [name, machine] of Object.entries(machines)) {
    files.push({ path: join(dir, `${name}.mmd`), content: toMermaid(machine) })
    files.push({ path: join(dir, `${name}.svg`), content: await toSvg(machine) })
  }
  return files
}

/** Write the files whose content changed; returns the paths written. */
export async function writeDiagrams(files: readonly DiagramFile[]): Promise<string[]> {
  const written: string[] = []
  for (const file of files) {
    if ((await readOrEmpty(file.path)) === file.content) continue
    await mkdir(join(file.path, '..'), { recursive: true })
    await writeFile(file.path, file.content)
    written.push(file.path)
  }
  return written
}

/** The paths whose content on disk differs from what the machines generate. */
export async function staleDiagrams(files: readonly DiagramFile[]): Promise<string[]> {
  const stale: string[] = []
  for (const file of files) if ((await readOrEmpty(file.path)) !== file.content) stale.push(file.path)
  return stale
}

async function readOrEmpty(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return undefined
  }
}
