/**
 * One request to an apertium-apy server: `POST /translate` with a whole batch as `q`.
 */
import { ProviderError } from '../../provider.ts';
import { installCommand } from './pair.ts';

export interface ApyCall {
  /** Server root, e.g. `http://127.0.0.1:2737`. */
  url: string;
  pair: string;
  input: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

interface ApyResponse {
  responseData?: { translatedText?: string } | null;
  responseStatus?: number;
  explanation?: string;
  message?: string;
}

/** `ind-zlm` → `ind|zlm`. */
export function apyLangpair(pair: string): string {
  const [from, to] = pair.split('-');
  return `${from}|${to}`;
}

export async function translateApy(call: ApyCall): Promise<string> {
  const endpoint = new URL('translate', call.url.endsWith('/') ? call.url : `${call.url}/`);
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const body = new URLSearchParams({
    langpair: apyLangpair(call.pair),
    q: call.input,
    // Marks are kept and removed by the provider, which counts them; apy's own stripping cannot
    // tell a mark from a literal `*`.
    markUnknown: 'yes',
  });
  let response: Response;
  let text: string;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason ?? error;
    if (timeout.aborted) {
      throw new ProviderError(
        'network',
        `apertium-apy at ${call.url} did not answer within ${call.timeoutMs} ms; raise the target's timeoutMs or check the server.`,
        { cause: error },
      );
    }
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ProviderError(
      'network',
      `Cannot reach apertium-apy at ${call.url} (${reason?.code ?? reason?.message ?? (error as Error).message}). Start it with: apertium-apy -p PORT /usr/share/apertium/modes`,
      { cause: error },
    );
  }
  let json: ApyResponse | undefined;
  try {
    json = JSON.parse(text) as ApyResponse;
  } catch {
    json = undefined;
  }
  if (response.status === 400 && /not installed/i.test(json?.explanation ?? text)) {
    throw new ProviderError(
      'unavailable',
      `The Apertium pair ${call.pair} is not installed on the apertium-apy server at ${call.url}. Install it there and restart the server:\n${installCommand(call.pair)}`,
    );
  }
  const translated = json?.responseData?.translatedText;
  if (!response.ok || typeof translated !== 'string') {
    throw new ProviderError(
      'network',
      `apertium-apy at ${call.url} answered ${response.status}: ${(json?.explanation ?? text).slice(0, 300)}`,
    );
  }
  return translated;
}
