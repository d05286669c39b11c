/** Writes text to standard output and resolves once it has been handed to the OS (a pipe may be slow). */
export function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}
