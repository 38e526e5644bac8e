import { fileURLToPath } from 'node:url';
import * as emulatorModule from '@cloud-token/emulator';
import * as adapter from '@cloud-token/hono';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { exerciseHono } from './scenarios/hono.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseHono({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    adapter,
    Hono,
    serve,
    emulatorModule,
  }),
);
