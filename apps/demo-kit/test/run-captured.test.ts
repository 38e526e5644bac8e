import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCaptured, runHeld } from '../src/runner/run-captured.js';

const options = { cwd: process.cwd(), env: process.env };
const node = (code: string): string => `"${process.execPath}" -e "${code}"`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runCaptured', () => {
  it('keeps what a command wrote, on both streams, and its exit code', async () => {
    const run = await runCaptured(
      node("process.stdout.write('out '); process.stderr.write('err'); process.exit(3)"),
      options,
    );
    expect(run).toEqual({ code: 3, output: 'out err' });
  });
});

describe('runHeld', () => {
  it('holds the output back until show(), then writes it and what follows, in order', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const run = runHeld(
      node("console.log('first'); setTimeout(() => console.log('second'), 200)"),
      options,
    );
    expect(written.join('')).not.toContain('first');

    const code = await run.show();

    expect(code).toBe(0);
    expect(written.join('')).toMatch(/first\n(.|\n)*second\n/);
  });
});
