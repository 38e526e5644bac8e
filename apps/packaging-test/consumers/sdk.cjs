const core = require('@cloud-token/core');
const emulatorModule = require('@cloud-token/emulator');
const bridge = require('@cloud-token/sdk');
const words = require('asposewordscloud');
const { exerciseSdk } = require('./scenarios/sdk.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseSdk({ resolve: require.resolve, bridge, core, emulatorModule, words }));
