import { isObject, type JsonObject } from "./json";

/** A benchmark question of a document: its id and its text, joined. */
export interface BenchmarkEntry {
  id: string;
  text: string;
}

/** The benchmark questions of a version 2 document (`benchmarks.questions`), in its order. */
export function benchmarkQuestions(document: JsonObject): BenchmarkEntry[] {
  const b = document["benchmarks"];
  const list = isObject(b) && Array.isArray(b["questions"]) ? b["questions"] : [];
  return list.filter(isObject).map((q) => ({
    id: typeof q["id"] === "string" ? q["id"] : "",
    text: Array.isArray(q["question"]) ? q["question"].join("") : String(q["question"] ?? ""),
  }));
}

const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The ids of the questions named by id or by text (case and runs of spaces ignored), and the names
 * that match none. A text that several questions share names them all.
 */
export function questionsNamed(
  questions: readonly BenchmarkEntry[],
  names: readonly string[],
): { ids: string[]; unmatched: string[] } {
  const ids = new Set<string>();
  const unmatched: string[] = [];
  for (const n of names) {
    const found = questions.filter((q) => q.id === n || norm(q.text) === norm(n));
    if (found.length === 0) unmatched.push(n);
    for (const q of found) ids.add(q.id);
  }
  return { ids: [...ids], unmatched };
}

/** Up to ten questions as `'text' (id)`, for a message that says which there are. */
export function listQuestions(questions: readonly BenchmarkEntry[]): string {
  const shown = questions.slice(0, 10).map((q) => `'${q.text}' (${q.id})`);
  const more = questions.length > 10 ? `, and ${questions.length - 10} more` : "";
  return `${shown.join(", ")}${more}`;
}
