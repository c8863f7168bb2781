/**
 * The simulator's progress on stderr: a bar redrawn in place on a terminal,
 * a line every LINE_EVERY_MS otherwise (CI logs), and log messages between.
 */
const BAR_WIDTH = 30;
const LINE_EVERY_MS = 10_000;

export interface ProgressFigures {
  readonly attempted: number;
  readonly orders: number;
  readonly backlog: number;
  readonly kills: string;
}

export interface Progress {
  update(phase: string, figures: ProgressFigures): void;
  log(message: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream): Progress {
  const tty = stream.isTTY === true;
  let drawn = false;
  let lastLineAt = 0;
  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(phase, figures) {
      const share = figures.orders === 0 ? 1 : Math.min(1, figures.attempted / figures.orders);
      const filled = Math.round(share * BAR_WIDTH);
      const text =
        `sim ${phase.padEnd(7)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` +
        `${figures.attempted}/${figures.orders} orders, backlog ${figures.backlog}, kills ${figures.kills}`;
      if (tty) {
        clear();
        stream.write(text);
        drawn = true;
      } else if (Date.now() - lastLineAt >= LINE_EVERY_MS) {
        stream.write(text + '\n');
        lastLineAt = Date.now();
      }
    },
    log(message) {
      clear();
      stream.write(`sim: ${message}\n`);
    },
    done() {
      clear();
    },
  };
}
