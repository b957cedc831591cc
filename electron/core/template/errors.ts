// The one error type the engine throws. Its message is Go's own text ("template: NAME:LINE: …" for
// parse errors, "template: NAME:LINE:COL: executing "NAME" at <NODE>: …" for exec errors), so a
// user sees what Backrest would have shown; line and col locate it for the editor.

export class TemplateError extends Error {
  override name = 'TemplateError';

  constructor(
    readonly kind: 'parse' | 'exec',
    message: string,
    /** 1-based line of the failing token or action. */
    readonly line?: number,
    /** 1-based column (in UTF-16 code units, as an editor counts) of the failing token or action. */
    readonly col?: number,
  ) {
    super(message);
  }
}
