/**
 * A report as tables of plain cells: what the CSV and the XLSX writers share,
 * so both files hold the very same rows under the very same headers.
 */
export type Cell = string | number | null;

export interface Column {
  header: string;
  /** How the XLSX writer formats the column; CSV writes every cell as text. */
  type: 'text' | 'integer' | 'decimal';
}

export interface Table {
  /** The sheet's name in the workbook, and the section's title in the CSV. */
  name: string;
  columns: Column[];
  rows: Cell[][];
  /** Rows set apart at the end, such as a total. */
  footer: Cell[][];
}

export interface Report {
  /** One line saying what the report is, for the top of the CSV and the workbook's title. */
  title: string;
  /** The file name without extension, in Chinese. */
  fileName: string;
  tables: Table[];
}

/**
 * A text a spreadsheet could take for a formula (= + - @, or a leading tab or
 * carriage return) gets a leading apostrophe, so a project titled "=HYPERLINK(…)"
 * is shown as text and never run (CSV injection).
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A filename for Content-Disposition: an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(asciiName: string, utf8Name: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
