import { fileURLToPath } from 'node:url';
import * as adapter from '@cloud-token/axios';
import * as emulatorModule from '@cloud-token/emulator';
import axios from 'axios';
import { exerciseAxios } from './scenarios/axios.cjs';
import { printReport } from './scenarios/print-report.cjs';

printReport(
  exerciseAxios({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    adapter,
    axios,
    emulatorModule,
  }),
);
