import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as emulatorModule from '@cloud-token/emulator';
import * as testing from '@cloud-token/emulator/testing';
import { exerciseEmulator } from './scenarios/emulator.cjs';
import { printReport } from './scenarios/print-report.cjs';

const require = createRequire(import.meta.url);
printReport(
  exerciseEmulator({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    emulatorModule,
    testing,
    core: require('@cloud-token/core'),
  }),
);
