/**
 * Where each entry resolved (`resolve` is the consumer's own: `require.resolve`
 * or `import.meta.resolve`) and the names it exports, for the test to compare
 * across formats.
 */
function describeEntries(resolve, modules) {
  return Object.fromEntries(
    Object.entries(modules).map(([specifier, module]) => [
      specifier,
      { file: resolve(specifier), exports: Object.keys(module).sort() },
    ]),
  );
}

module.exports = { describeEntries };
