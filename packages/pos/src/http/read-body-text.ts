/**
 * Reads a response body as text, up to a size limit: a broken proxy or a
 * captive portal must not make the device buffer an unbounded body.
 * Resolves undefined when the body is larger than `bytesMax`.
 */
export async function readBodyText(
  response: Response,
  bytesMax: number,
): Promise<string | undefined> {
  const declaredBytes = Number(response.headers.get('content-length') ?? 0);
  if (declaredBytes > bytesMax) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.body === null) return '';
  return readStream(response.body, bytesMax);
}

async function readStream(
  body: ReadableStream<Uint8Array>,
  bytesMax: number,
): Promise<string | undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > bytesMax) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
