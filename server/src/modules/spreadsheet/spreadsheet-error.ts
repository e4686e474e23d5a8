/**
 * A file the importer refuses as a whole (not a spreadsheet, corrupt, zip bomb, no header…).
 * `key` is a message key of the import catalog; nothing has been written when it is thrown.
 */
export class SpreadsheetError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'SpreadsheetError';
  }
}
