/**
 * Parses CSV as RFC 4180 has it (quoted fields, doubled quotes, CRLF
 * records), written apart from the server's writer so the tests check the
 * format rather than the code. Throws on anything else: a bare LF, a quote
 * inside an unquoted field, an unterminated quote.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at++;
      }
    } else {
      const end = text.slice(at).search(/[,\r\n]/);
      field = end === -1 ? text.slice(at) : text.slice(at, at + end);
      if (field.includes('"')) throw new Error(`a quote in an unquoted field: ${field}`);
      at += field.length;
    }
    record.push(field);
    if (text[at] === ',') {
      at++;
    } else if (text.startsWith('\r\n', at)) {
      records.push(record);
      record = [];
      at += 2;
    } else {
      throw new Error(
        `expected a comma or CRLF at ${at}: ${JSON.stringify(text.slice(at, at + 10))}`,
      );
    }
  }
  if (record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}
