const emulatorModule = require('@cloud-token/emulator');
const testing = require('@cloud-token/emulator/testing');
const { exerciseEmulator } = require('./scenarios/emulator.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(
  import('@cloud-token/core').then((core) =>
    exerciseEmulator({ resolve: require.resolve, emulatorModule, testing, core }),
  ),
);
