const adapter = require('@cloud-token/fastify');
const emulatorModule = require('@cloud-token/emulator');
const Fastify = require('fastify');
const { exerciseFastify } = require('./scenarios/fastify.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseFastify({ resolve: require.resolve, adapter, Fastify, emulatorModule }));
