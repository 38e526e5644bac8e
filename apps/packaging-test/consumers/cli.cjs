const cli = require('@cloud-token/cli');
const emulatorModule = require('@cloud-token/emulator');
const { exerciseCli } = require('./scenarios/cli.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseCli({ resolve: require.resolve, cli, emulatorModule }));
