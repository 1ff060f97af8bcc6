/** Where the loader reports what it did: the server's logger or the CLI's console. */
export interface SeedLog {
  info(msg: string): void;
  warn(msg: string): void;
}
