import { fileURLToPath } from 'node:url';
import * as emulatorModule from '@cloud-token/emulator';
import * as adapter from '@cloud-token/fastify';
import Fastify from 'fastify';
import { exerciseFastify } from './scenarios/fastify.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseFastify({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    adapter,
    Fastify,
    emulatorModule,
  }),
);
