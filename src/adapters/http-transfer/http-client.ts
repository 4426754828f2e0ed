/**
 * One HTTP request of the downloader on `node:http` / `node:https`: headers with set semantics,
 * at most one redirect followed (as Boost's client), the URL policy applied to a redirect's target.
 *
 * @module
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { AbortError } from '../../errors.ts'
import { MAX_REDIRECTS } from './constants.ts'
import type { UrlPolicy } from './types.ts'
import { checkTransferUrl } from './url-policy.ts'

/** A request to send. */
export interface SendInit {
  readonly method: 'HEAD' | 'GET'
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly policy: UrlPolicy
  /** Aborting destroys the request and its response; the reason is the rejection. */
  readonly signal: AbortSignal
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308
}

function reasonOf(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new AbortError()
}

function sendOnce(init: SendInit, url: URL): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    if (init.signal.aborted) {
      reject(reasonOf(init.signal))
      return
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const request = send(url, { method: init.method, headers: { ...init.headers } })
    const onAbort = (): void => {
      request.destroy()
      reject(reasonOf(init.signal))
    }
    init.signal.addEventListener('abort', onAbort, { once: true })
    request.once('response', (response) => {
      init.signal.removeEventListener('abort', onAbort)
      // From here the caller owns the response; an abort still tears it down.
      init.signal.addEventListener('abort', () => response.destroy(reasonOf(init.signal) as Error), {
        once: true,
      })
      resolve(response)
    })
    request.once('error', (error) => {
      init.signal.removeEventListener('abort', onAbort)
      reject(init.signal.aborted ? reasonOf(init.signal) : error)
    })
    request.end()
  })
}

/**
 * Sends the request; a redirect response is followed once (its body discarded), a second one is
 * returned as it is. Rejects with the network error, the signal's reason, or
 * HttpTransferUrlRefusedError for a redirect to a refused URL.
 */
export async function send(init: SendInit): Promise<IncomingMessage> {
  let url = init.url
  for (let redirects = 0; ; redirects++) {
    const response = await sendOnce(init, url)
    const location = response.headers.location
    if (!isRedirect(response.statusCode ?? 0) || location === undefined || redirects >= MAX_REDIRECTS) {
      return response
    }
    response.resume()
    url = checkTransferUrl(new URL(location, url).toString(), init.policy)
  }
}
