import { readFileSync } from 'node:fs';

/** A process's resident memory now, and its high-water mark since it started. */
export interface ProcessMemory {
  /** VmRSS. */
  readonly rssBytes: number;
  /** VmHWM: the peak the kernel recorded, however briefly it lasted. */
  readonly peakRssBytes: number;
}

/**
 * Resident memory of a process (`self`, or another process of this user),
 * from Linux's /proc; null where there is no /proc. The kernel keeps the
 * high-water mark itself, so no sampling can miss a short peak.
 */
export function readProcessMemory(pid: number | 'self'): ProcessMemory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1]);
  const rssKib = kib('VmRSS');
  const peakKib = kib('VmHWM');
  if (!Number.isFinite(rssKib) || !Number.isFinite(peakKib)) return null;
  return { rssBytes: rssKib * 1024, peakRssBytes: peakKib * 1024 };
}

/** Bytes in MiB, to a tenth. */
export const mebibytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
