/**
 * The shapes of payload the piece helpers accept, and one way to walk them.
 *
 * @module
 */
import { AbortError } from '../../errors.ts'

/**
 * A payload: all its bytes at once, or its chunks in order (an array, a generator, a Node
 * readable stream, a web ReadableStream in runtimes where it is async-iterable).
 */
export type ByteSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>

/**
 * The chunks of `source`, in order. Checks `signal` before each chunk so that a long computation
 * stops promptly when aborted; throws {@link AbortError}.
 */
export async function* chunksOf(source: ByteSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (signal?.aborted) throw new AbortError()
  if (source instanceof Uint8Array) {
    yield source
    return
  }
  for await (const chunk of source) {
    if (signal?.aborted) throw new AbortError()
    yield chunk
  }
}
