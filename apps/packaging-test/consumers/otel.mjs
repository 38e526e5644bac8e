import { fileURLToPath } from 'node:url';
import * as core from '@cloud-token/core';
import * as emulatorModule from '@cloud-token/emulator';
import * as otel from '@cloud-token/otel';
import { exerciseOtel } from './scenarios/otel.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseOtel({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    otel,
    core,
    emulatorModule,
  }),
);
