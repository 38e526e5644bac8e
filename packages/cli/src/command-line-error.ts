/**
 * A mistake on the command line or in the environment (an unknown flag, a
 * missing setting, a refused `--client-secret`): one line on stderr, exit
 * code 64. Its message never contains a secret, a token or a flag's value.
 */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}
