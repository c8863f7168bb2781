/**
 * Joins chunks into one array. Each chunk is copied as it arrives: a
 * reader may hand out views of one buffer that the next chunk overwrites
 * (`readJournal` does).
 */
export function concatenateBytes(chunks: Iterable<Uint8Array>): Uint8Array {
  const copies = Array.from(chunks, (chunk) => chunk.slice());
  const whole = new Uint8Array(copies.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of copies) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}
