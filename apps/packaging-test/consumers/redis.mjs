import { fileURLToPath } from 'node:url';
import * as core from '@cloud-token/core';
import * as emulatorModule from '@cloud-token/emulator';
import * as redisPackage from '@cloud-token/redis';
import * as ioredis from 'ioredis';
import { printReport } from './scenarios/print-report.cjs';
import { exerciseRedis } from './scenarios/redis.cjs';

printReport(
  exerciseRedis({
    resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    redisPackage,
    core,
    emulatorModule,
    ioredis,
    socketPath: process.argv[2],
  }),
);
