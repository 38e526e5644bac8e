import { spawn } from 'node:child_process';
import { BIN, type BinRun } from './cloud-token-bin.js';

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the bin on a pseudo-terminal (util-linux `script`), as a person at a
 * terminal runs it: stdout, stderr and stdin are the terminal. When the
 * output shows `prompt`, `answer` is typed. Everything the terminal showed
 * comes back as `stdout` (with `\r\n` line ends).
 */
export function runInTerminal(
  args: readonly string[],
  env: Record<string, string>,
  dialogue?: { prompt: string; answer: string },
): Promise<BinRun> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env },
  });
  let stdout = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (dialogue !== undefined && !answered && stdout.includes(dialogue.prompt)) {
      answered = true;
      child.stdin.write(`${dialogue.answer}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr: '' }));
  });
}
