import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { type DemoIo, type RealCloudTarget, runDemo, type TourOutput } from '@cloud-token/demo-kit';
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
        title: 'cloud-token — a test demo',
        figuresFrom: "the emulator's counters",
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
    expect(printed).toMatch(/│ tokenStatus\s+│ 200\s+│/);
    expect(printed).toMatch(/│ tokenRequests\s+│ 1\s+│/);
    expect(printed).toContain(
      'Set ASPOSE_CLIENT_ID and ASPOSE_CLIENT_SECRET (optionally CLOUD_TOKEN_PROBE_PATH)',
    );
    expect(realCloudTours).toBe(0);
    expect(await isListening(`${tourEmulator?.url}/connect/token`)).toBe(false);
  });

  it('runs the real-cloud tour with the target read from the environment, after the emulator closed', async () => {
    const io = capturedIo({
      ASPOSE_CLIENT_ID: 'real-id',
      ASPOSE_CLIENT_SECRET: 'real-secret',
      CLOUD_TOKEN_TOKEN_URL: 'https://id.aspose.cloud/connect/token',
    });
    let tourEmulator: Emulator | undefined;
    const seen: { target: RealCloudTarget; emulatorListening: boolean }[] = [];

    await runDemo(
      {
        title: 'cloud-token — a test demo',
        figuresFrom: 'the emulator',
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
          title: 'cloud-token — a failing demo',
          figuresFrom: 'nowhere',
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
        title: 'cloud-token — emulator only',
        figuresFrom: 'the emulator',
        emulatorTour: tokenTour,
      },
      io,
    );

    expect(io.printed()).toContain('Summary (from the emulator):');
    expect(io.printed()).not.toContain('ASPOSE_CLIENT_ID');
  });
});
