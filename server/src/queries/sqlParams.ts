/**
 * The parameters of one SQL statement, numbered as they are added.
 *
 * A statement built from fragments (the project filter, a window, a tile,
 * a kind of gap) asks this for each value's placeholder where the value is
 * used, so no fragment knows where it stands and no offset is written by
 * hand: adding a parameter to a fragment cannot shift another's. A value
 * used more than once is added once and its placeholder kept in a const.
 *
 *     const p = new SqlParams();
 *     const filter = projectFilter(p, f);
 *     db.query(`… WHERE ${filter.where} LIMIT ${p.add(f.limit)}`, p.values);
 *
 * Values always travel as parameters; the text only ever holds `$n`.
 */
export class SqlParams {
  readonly #values: unknown[] = [];

  /**
   * The value's placeholder, `$n`. Casts stay in the statement's text, where
   * the reader sees them (and where `$n::float8[]` can still be subscripted).
   */
  add(value: unknown): Placeholder {
    this.#values.push(value);
    return `$${this.#values.length}` as Placeholder;
  }

  /** The values in placeholder order, for `db.query(text, values)`. */
  get values(): unknown[] {
    return [...this.#values];
  }
}

declare const placeholderBrand: unique symbol;

/**
 * A placeholder given by SqlParams.add. Fragments take their parameters as
 * Placeholder rather than string, so a value cannot reach them in its place.
 */
export type Placeholder = string & { readonly [placeholderBrand]: true };

