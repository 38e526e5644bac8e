const core = require('@cloud-token/core');
const emulatorModule = require('@cloud-token/emulator');
const otel = require('@cloud-token/otel');
const { exerciseOtel } = require('./scenarios/otel.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseOtel({ resolve: require.resolve, otel, core, emulatorModule }));
