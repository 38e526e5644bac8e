// A CommonJS application. With NestJS 12 (ESM-only packages), `require` loads them through require(esm).
const adapter = require('@cloud-token/nestjs');
const http = require('@cloud-token/nestjs/http');
const emulatorModule = require('@cloud-token/emulator');
const nest = {
  common: require('@nestjs/common'),
  core: require('@nestjs/core'),
  axios: require('@nestjs/axios'),
};
const { exerciseNestjs } = require('./scenarios/nestjs.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseNestjs({ resolve: require.resolve, adapter, http, nest, emulatorModule }));
