#!/usr/bin/env node
// The `tabline` command. Tabline runs on Node.js 24, which the project pins
// as a dev dependency: `npm start`, `npm run …` and `npx tabline` put it first
// on the PATH. Refuse an older Node with a message rather than a stack trace.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `tabline needs Node.js 24 or newer (this is ${process.version}).\n` +
      "Run it through npm, which uses the project's own Node 24: npm start, or npx tabline <command>.",
  );
  process.exit(1);
}
await import('../src/main.ts');
