const emulatorModule = require('@cloud-token/emulator');
const { exerciseEmulator } = require('./scenarios/emulator.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(
  import('@cloud-token/core').then((core) =>
    exerciseEmulator({ resolve: require.resolve, emulatorModule, core }),
  ),
);
