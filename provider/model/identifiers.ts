/**
 * Unity Catalog names: `catalog.schema.name`, each part either plain or back-quoted
 * (`` `my-catalog`.sales.orders ``). A part holding a `${placeholder}` counts as a part, so
 * templates can be linted before their variables are known.
 */
export function splitIdentifier(identifier: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  while (i <= identifier.length) {
    let part = "";
    if (identifier[i] === "`") {
      i++;
      for (;;) {
        if (i >= identifier.length) return undefined;
        if (identifier[i] === "`") {
          if (identifier[i + 1] === "`") {
            part += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += identifier[i++];
      }
    } else {
      while (i < identifier.length && identifier[i] !== ".") {
        if (identifier[i] === "$" && identifier[i + 1] === "{") {
          const close = identifier.indexOf("}", i);
          if (close < 0) return undefined;
          part += identifier.slice(i, close + 1);
          i = close + 1;
          continue;
        }
        part += identifier[i++];
      }
      if (part.trim() === "" || /[\s`]/.test(part)) return undefined;
    }
    parts.push(part);
    if (i >= identifier.length) break;
    if (identifier[i] !== ".") return undefined;
    i++;
    if (i === identifier.length) return undefined;
  }
  return parts;
}

export function isThreePartIdentifier(identifier: string): boolean {
  return splitIdentifier(identifier)?.length === 3;
}

/** Unity Catalog names compare case-insensitively. */
export function identifierKey(identifier: string): string {
  return (splitIdentifier(identifier) ?? [identifier]).map((p) => p.toLowerCase()).join(".");
}

/** The last part of an identifier, used as the default alias in joins (as the UI does). */
export function lastPart(identifier: string): string {
  const parts = splitIdentifier(identifier);
  return parts?.[parts.length - 1] ?? identifier;
}
