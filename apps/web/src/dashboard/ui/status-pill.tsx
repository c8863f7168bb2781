import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'danger' | 'neutral' | 'info';

/** A short state in a coloured pill; the word carries the meaning, the colour repeats it. */
export function StatusPill(props: { readonly tone: Tone; readonly children: ReactNode }) {
  return <span className={`pill pill-${props.tone}`}>{props.children}</span>;
}
