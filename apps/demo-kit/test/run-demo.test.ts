import { Console } from 'node:console';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  type DemoIo,
  type RealCloudTarget,
  runDemo,
  type TourOutput,
  type TourSteps,
} from '@cloud-token/demo-kit';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';

/** A console whose output the test reads back. */
function capturedIo(env: NodeJS.ProcessEnv = {}): DemoIo & { printed(): string } {
  let text = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { console: new Console({ stdout }), env, printed: () => text };
}

/** A tour that asks the emulator for one token and reports what it saw. */
async function tokenTour(
  emulator: Emulator,
  output: TourOutput,
): Promise<{ tokenStatus: number; tokenRequests: number }> {
  const answer = await fetch(emulator.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
    }),
  });
  await answer.arrayBuffer();
  output.say(`the token endpoint answered ${answer.status}`);
  return { tokenStatus: answer.status, tokenRequests: emulator.stats.tokenRequests.total };
}

/** The six steps, out of the test tour's figures. */
function tourSteps(figures: { tokenRequests: number }): TourSteps {
  const { tokenRequests } = figures;
  return {
    firstCall: { calls: 2, succeeded: 2, tokenRequests },
    renewal: { calls: 1, failed: 0, tokenRequests },
    keyRotation: { calls: 1, rejected: 1, succeeded: 1, tokenRequests },
    api429: { statuses: [429, 200] },
    token429: { kind: 'answer', status: 503, retryAfter: '600', calls: 2, tokenRequests },
    wrongSecret: { calls: 2, outcome: '502', tokenRequests, lockouts: 0 },
  };
}

async function isListening(url: string): Promise<boolean> {
  return fetch(url).then(
    async (answer) => {
      await answer.arrayBuffer();
      return true;
    },
    () => false,
  );
}

describe('runDemo', () => {
  it('runs the tour against a fresh emulator, prints its summary, closes it and hints at the real cloud', async () => {
    const io = capturedIo();
    let tourEmulator: Emulator | undefined;
    let realCloudTours = 0;

    await runDemo(
      {
        adapter: 'core',
        title: 'cloud-token — a test demo',
        figuresFrom: "the emulator's counters",
        tourSteps,
        emulatorTour: (emulator, output) => {
          tourEmulator = emulator;
          output.step('One token');
          return tokenTour(emulator, output);
        },
        realCloudTour: async () => {
          realCloudTours += 1;
        },
      },
      io,
    );

    const printed = io.printed();
    const lines = printed.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'cloud-token — a test demo',
      `The emulator (a local cloud) listens at ${tourEmulator?.url}`,
      '',
      '1. One token',
      '   the token endpoint answered 200',
      '',
    ]);
    expect(lines[6]).toBe("Summary (from the emulator's counters):");
    expect(printed).toMatch(/│ step\s+│ core\s+│/);
    expect(printed).toMatch(/│ first call\s+│ ✓ 1 token request\s+│/);
    expect(printed).toContain(
      'Set ASPOSE_CLIENT_ID and ASPOSE_CLIENT_SECRET (or GROUPDOCS_CLIENT_ID and GROUPDOCS_CLIENT_SECRET)',
    );
    expect(realCloudTours).toBe(0);
    expect(await isListening(`${tourEmulator?.url}/connect/token`)).toBe(false);
  });

  it('runs the real-cloud tour with the target read from the environment, after the emulator closed', async () => {
    const io = capturedIo({
      ASPOSE_CLIENT_ID: 'real-id',
      ASPOSE_CLIENT_SECRET: 'real-secret',
      ASPOSE_TOKEN_URL: 'https://id.aspose.cloud/connect/token',
    });
    let tourEmulator: Emulator | undefined;
    const seen: { target: RealCloudTarget; emulatorListening: boolean }[] = [];

    await runDemo(
      {
        adapter: 'core',
        title: 'cloud-token — a test demo',
        figuresFrom: 'the emulator',
        tourSteps,
        emulatorTour: (emulator, output) => {
          tourEmulator = emulator;
          return tokenTour(emulator, output);
        },
        realCloudTour: async (target, output) => {
          seen.push({ target, emulatorListening: await isListening(`${tourEmulator?.url}/`) });
          output.step('The real cloud');
        },
      },
      io,
    );

    expect(seen).toEqual([
      {
        target: {
          cloud: 'Aspose Cloud',
          tokenUrl: 'https://id.aspose.cloud/connect/token',
          baseUrl: 'https://api.aspose.cloud/',
          clientId: 'real-id',
          clientSecret: 'real-secret',
          probePath: undefined,
        },
        emulatorListening: false,
      },
    ]);
    expect(io.printed()).toContain('\n1. The real cloud\n');
    expect(io.printed()).not.toContain('Set ASPOSE_CLIENT_ID');
  });

  it('closes the emulator and rejects with the error when the tour fails', async () => {
    const io = capturedIo();
    let tourEmulator: Emulator | undefined;
    const failure = new Error('the tour broke');

    await expect(
      runDemo(
        {
          adapter: 'core',
          title: 'cloud-token — a failing demo',
          figuresFrom: 'nowhere',
          tourSteps,
          emulatorTour: async (emulator) => {
            tourEmulator = emulator;
            throw failure;
          },
        },
        io,
      ),
    ).rejects.toBe(failure);

    expect(tourEmulator).toBeDefined();
    expect(await isListening(`${tourEmulator?.url}/`)).toBe(false);
    expect(io.printed()).not.toContain('Summary');
  });

  it('prints no real-cloud hint for a demo without a real-cloud tour', async () => {
    const io = capturedIo();

    await runDemo(
      {
        adapter: 'axios',
        title: 'cloud-token — emulator only',
        figuresFrom: 'the emulator',
        emulatorTour: tokenTour,
        tourSteps,
      },
      io,
    );

    expect(io.printed()).toContain('Summary (from the emulator):');
    expect(io.printed()).not.toContain('ASPOSE_CLIENT_ID');
  });

  it('writes its steps to the report file the runner names, instead of a summary', async () => {
    const reportPath = join(tmpdir(), `cloud-token-demo-report-${process.pid}.json`);
    const io = capturedIo({ CLOUD_TOKEN_DEMO_REPORT: reportPath });
    try {
      const steps = await runDemo(
        {
          adapter: 'Koa',
          title: 'cloud-token — reported',
          figuresFrom: 'the emulator',
          emulatorTour: tokenTour,
          tourSteps,
          realCloudTour: async () => {},
        },
        io,
      );
      expect(JSON.parse(await readFile(reportPath, 'utf8'))).toEqual({
        adapter: 'Koa',
        steps,
        realClouds: [],
      });
      expect(steps.firstCall).toEqual({ calls: 2, succeeded: 2, tokenRequests: 1 });
      expect(io.printed()).not.toContain('Summary');
      expect(io.printed()).not.toContain('ASPOSE_CLIENT_ID');
    } finally {
      await rm(reportPath, { force: true });
    }
  });
});
