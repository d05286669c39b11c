/** A mistake in how the tool was called or in a file it was given: reported without a stack, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
