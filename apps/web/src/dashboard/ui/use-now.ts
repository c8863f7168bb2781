import { useEffect, useState } from 'react';

/**
 * The wall clock, re-read every `intervalMs`, for figures that age on
 * screen ("updated 12 s ago", "last seen 3 min ago"). A component that
 * shows such a figure re-renders with it, and only then.
 */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(readClock);
  useEffect(() => {
    const timer = setInterval(() => setNow(readClock()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function readClock(): number {
  return Date.now();
}
