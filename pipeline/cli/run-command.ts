/**
 * The end of every command script: run `main` with the command-line arguments and set the exit
 * code it returns; an unexpected failure becomes one message on stderr and its exit code
 * (`describe-failure.ts`, imported only then: it is not part of start-up).
 */
export function runCommand(command: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    async (error: unknown) => {
      const { describeFailure } = await import('./describe-failure.ts');
      const failure = describeFailure(error, { command, env: process.env });
      process.stderr.write(`${failure.message}\n`);
      process.exitCode = failure.exitCode;
    },
  );
}
