import { fileURLToPath } from 'node:url';
import * as emulatorModule from '@cloud-token/emulator';
import * as adapter from '@cloud-token/nestjs';
import * as http from '@cloud-token/nestjs/http';
import * as axios from '@nestjs/axios';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import { exerciseNestjs } from './scenarios/nestjs.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseNestjs({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    adapter,
    http,
    nest: { common, core, axios },
    emulatorModule,
  }),
);
