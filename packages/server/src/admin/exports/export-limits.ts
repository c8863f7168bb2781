/**
 * Rows an export reads per statement: the file is streamed batch by batch
 * (keyset), so neither the server's memory nor PGlite's one connection is
 * held by a whole event at once. docs/LIMITS.md.
 */
export const CSV_EXPORT_BATCH_ROWS = 1000;
