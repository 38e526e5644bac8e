import { fileURLToPath } from 'node:url';
import * as cli from '@cloud-token/cli';
import * as emulatorModule from '@cloud-token/emulator';
import { exerciseCli } from './scenarios/cli.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseCli({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    cli,
    emulatorModule,
  }),
);
