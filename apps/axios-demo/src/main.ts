import { startEmulator } from '@cloud-token/emulator';
import { runEmulatorTour, type TourOutput } from './emulator-tour.js';
import { realCloudTargetFromEnv, runRealCloudTour } from './real-cloud-tour.js';

const output: TourOutput = { print: (line) => console.log(line), logger: console };

console.log('cloud-token — axios with @cloud-token/axios');
console.log("(lines such as 'token obtained { … }' are cloud-token's own log, through console)");
const emulator = await startEmulator({ tokenTtlSeconds: 3600 });
console.log(`The emulator (a local cloud) listens at ${emulator.url}`);
try {
  const figures = await runEmulatorTour(emulator, output);
  console.log('');
  console.log("Summary (from the emulator's counters and what each server saw):");
  console.table(figures);
} finally {
  await emulator.close();
}

const real = realCloudTargetFromEnv(process.env);
if (real) {
  await runRealCloudTour(real, output);
} else {
  console.log('');
  console.log(
    'Set ASPOSE_CLIENT_ID and ASPOSE_CLIENT_SECRET (optionally CLOUD_TOKEN_PROBE_PATH) to run against the real cloud too.',
  );
}
