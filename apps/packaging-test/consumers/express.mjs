import { fileURLToPath } from 'node:url';
import * as emulatorModule from '@cloud-token/emulator';
import * as adapter from '@cloud-token/express';
import * as env from '@cloud-token/express/env';
import express from 'express';
import { exerciseExpress } from './scenarios/express.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseExpress({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    adapter,
    env,
    express,
    emulatorModule,
  }),
);
