import { startEmulator } from '@cloud-token/emulator';
import { runEmulatorTour } from './emulator-tour.js';
import { createNarrator } from './narrator.js';
import { realCloudTargetFromEnv, runRealCloudTour } from './real-cloud-tour.js';

const narrator = createNarrator((line) => console.log(line));

console.log('cloud-token — a tour of the token lifecycle with @cloud-token/core');
const emulator = await startEmulator({ tokenTtlSeconds: 3600 });
console.log(`The emulator (a local cloud) listens at ${emulator.url}`);
try {
  const figures = await runEmulatorTour(emulator, narrator);
  console.log('');
  console.log("Summary (from the emulator's counters):");
  console.table(figures);
} finally {
  await emulator.close();
}

const real = realCloudTargetFromEnv(process.env);
if (real) {
  await runRealCloudTour(real, narrator);
} else {
  console.log('');
  console.log(
    'Set ASPOSE_CLIENT_ID and ASPOSE_CLIENT_SECRET to run the tour against the real cloud too.',
  );
}
