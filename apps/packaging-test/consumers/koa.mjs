import { fileURLToPath } from 'node:url';
import * as emulatorModule from '@cloud-token/emulator';
import * as adapter from '@cloud-token/koa';
import Koa from 'koa';
import { exerciseKoa } from './scenarios/koa.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseKoa({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    adapter,
    Koa,
    emulatorModule,
  }),
);
