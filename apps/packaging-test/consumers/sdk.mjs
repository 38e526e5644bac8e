import { fileURLToPath } from 'node:url';
import * as core from '@cloud-token/core';
import * as emulatorModule from '@cloud-token/emulator';
import * as bridge from '@cloud-token/sdk';
import * as words from 'asposewordscloud';
import { printReport } from './scenarios/print-report.cjs';
import { exerciseSdk } from './scenarios/sdk.cjs';

printReport(
  exerciseSdk({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    bridge,
    core,
    emulatorModule,
    words,
  }),
);
