/**
 * Tokens of Databricks SQL, enough for the DDL the Databricks provider sends: words, `quoted`
 * identifiers, 'strings' (backslash escapes, as Databricks SQL reads them by default; a doubled
 * quote also works), numbers and punctuation. Positions are kept so a type or a view's query can
 * be cut from the source as written.
 */
export interface Token {
  kind: "word" | "ident" | "string" | "number" | "punct";
  /** Words as written; identifiers and strings unquoted. */
  value: string;
  start: number;
  end: number;
}

/** A statement Databricks SQL would refuse, with its error class and SQLSTATE. */
export class DdlError extends Error {
  constructor(
    readonly errorClass: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(`[${errorClass}] ${message}`);
  }
}

export const syntaxError = (near: string) =>
  new DdlError("PARSE_SYNTAX_ERROR", "42601", `Syntax error at or near '${near}'.`);

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0" };

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "`") {
      const start = i++;
      let value = "";
      for (;;) {
        if (i >= sql.length) throw syntaxError(sql.slice(start, start + 20));
        if (sql[i] === "`" && sql[i + 1] !== "`") break;
        value += sql[i];
        i += sql[i] === "`" ? 2 : 1;
      }
      out.push({ kind: "ident", value, start, end: ++i });
    } else if (c === "'" || c === '"') {
      const start = i++;
      let value = "";
      for (;;) {
        if (i >= sql.length) throw syntaxError(sql.slice(start, start + 20));
        const d = sql[i] as string;
        if (d === c && sql[i + 1] !== c) break;
        const escaped = d === "\\" && i + 1 < sql.length;
        const e = sql[i + 1] as string;
        value += escaped ? (ESCAPES[e] ?? e) : d;
        i += escaped || d === c ? 2 : 1;
      }
      out.push({ kind: "string", value, start, end: ++i });
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i] as string)) i++;
      out.push({ kind: "word", value: sql.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < sql.length && /[0-9.]/.test(sql[i] as string)) i++;
      out.push({ kind: "number", value: sql.slice(start, i), start, end: i });
    } else {
      out.push({ kind: "punct", value: c, start: i, end: ++i });
    }
  }
  return out;
}

/** A cursor over the tokens, with the small vocabulary the parser needs. */
export class Cursor {
  private i = 0;

  constructor(
    readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  next(): Token {
    const t = this.tokens[this.i];
    if (t === undefined) throw syntaxError("end of input");
    this.i++;
    return t;
  }

  /** True (and consumed) when the next tokens are these keywords, case-insensitively. */
  accept(...words: string[]): boolean {
    for (const [k, w] of words.entries()) {
      const t = this.peek(k);
      if (t?.kind !== "word" || t.value.toUpperCase() !== w) return false;
    }
    this.i += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw syntaxError(this.peek()?.value ?? "end of input");
  }

  acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t?.kind !== "punct" || t.value !== p) return false;
    this.i++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw syntaxError(this.peek()?.value ?? "end of input");
  }

  /** A name part: a word or a `quoted` identifier. */
  identifier(): string {
    const t = this.next();
    if (t.kind !== "word" && t.kind !== "ident") throw syntaxError(t.value);
    return t.value;
  }

  /** `a`.`b`.`c` or a.b.c, as its parts. */
  qualifiedName(): string[] {
    const parts = [this.identifier()];
    while (this.acceptPunct(".")) parts.push(this.identifier());
    return parts;
  }

  string(): string {
    const t = this.next();
    if (t.kind !== "string") throw syntaxError(t.value);
    return t.value;
  }

  /** The source text from token `from` up to (not including) the current token. */
  textFrom(from: Token): string {
    return this.sql.slice(from.start, (this.tokens[this.i - 1] ?? from).end);
  }

  /** The rest of the statement as written (a view's query), without a trailing semicolon. */
  rest(): string {
    const first = this.peek();
    this.i = this.tokens.length;
    return first === undefined ? "" : this.sql.slice(first.start).replace(/;\s*$/, "").trim();
  }
}
