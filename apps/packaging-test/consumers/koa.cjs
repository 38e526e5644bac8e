const adapter = require('@cloud-token/koa');
const emulatorModule = require('@cloud-token/emulator');
const Koa = require('koa');
const { exerciseKoa } = require('./scenarios/koa.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseKoa({ resolve: require.resolve, adapter, Koa, emulatorModule }));
