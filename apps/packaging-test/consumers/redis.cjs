const core = require('@cloud-token/core');
const emulatorModule = require('@cloud-token/emulator');
const redisPackage = require('@cloud-token/redis');
const ioredis = require('ioredis');
const { exerciseRedis } = require('./scenarios/redis.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(
  exerciseRedis({
    resolve: require.resolve,
    redisPackage,
    core,
    emulatorModule,
    ioredis,
    socketPath: process.argv[2],
  }),
);
