import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as core from '@cloud-token/core';
import * as adapter from '@cloud-token/core/adapter';
import * as node from '@cloud-token/core/node';
import * as store from '@cloud-token/core/store';
import * as testing from '@cloud-token/core/testing';
import { exerciseCore } from './scenarios/core.cjs';
import { printReport } from './scenarios/print-report.cjs';

const require = createRequire(import.meta.url);
printReport(
  exerciseCore({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    core,
    node,
    adapter,
    store,
    testing,
    otherFormat: require('@cloud-token/core'),
  }),
);
