const adapter = require('@cloud-token/express');
const env = require('@cloud-token/express/env');
const emulatorModule = require('@cloud-token/emulator');
const express = require('express');
const { exerciseExpress } = require('./scenarios/express.cjs');
const { printReport } = require('./scenarios/print-report.cjs');

printReport(exerciseExpress({ resolve: require.resolve, adapter, env, express, emulatorModule }));
