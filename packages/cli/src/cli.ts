#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The exit code is set, not forced: output still being written to a pipe is flushed first.
void runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
