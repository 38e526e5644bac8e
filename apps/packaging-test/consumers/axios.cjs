const adapter = require('@cloud-token/axios');
const emulatorModule = require('@cloud-token/emulator');
const axios = require('axios');
const { exerciseAxios } = require('./scenarios/axios.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseAxios({ resolve: require.resolve, adapter, axios, emulatorModule }));
