const core = require('@cloud-token/core');
const node = require('@cloud-token/core/node');
const adapter = require('@cloud-token/core/adapter');
const store = require('@cloud-token/core/store');
const testing = require('@cloud-token/core/testing');
const { exerciseCore } = require('./scenarios/core.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(
  import('@cloud-token/core').then((otherFormat) =>
    exerciseCore({ resolve: require.resolve, core, node, adapter, store, testing, otherFormat }),
  ),
);
