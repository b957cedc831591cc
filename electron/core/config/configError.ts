/** A config that cannot be used or a change that would make it invalid. The message names the file
 * (when there is one), the field path (`hooks[2].timeoutSec`) and the problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** The file concerned, when there is one. */
    readonly file: string | null = null,
    /** The first offending field, e.g. `hooks[2].timeoutSec`. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}
