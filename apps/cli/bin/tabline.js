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
// `tabline pos` is a device: it replaces itself with a process that runs with
// a device's young generation (src/pos-v8-flags.ts), same pid, same terminal.
// Where there is no execve (Windows), it runs with V8's defaults.
if (process.argv[2] === 'pos' && typeof process.execve === 'function') {
  const { posRelaunchArgs } = await import('../src/pos-v8-flags.ts');
  const args = posRelaunchArgs(process.execArgv, process.argv);
  if (args !== null) process.execve(process.execPath, args);
}
await import('../src/main.ts');
