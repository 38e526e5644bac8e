/**
 * Prints a consumer's report as one JSON line for the test to read; a failure
 * goes to stderr with a non-zero exit code instead.
 */
function printReport(report) {
  Promise.resolve(report).then(
    (value) => console.log(JSON.stringify(value)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

module.exports = { printReport };
