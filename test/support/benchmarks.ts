/**
 * A space whose benchmarks the emulator's rule (emulator/eval-rule.ts) scores 2 of 3: "How many
 * orders?" and "Open orders" match an example SQL and a snippet (GOOD); "Top customer" has no
 * answer in the space (BAD, EMPTY_RESULT). `fixed: true` adds the example SQL that answers it.
 */
export const hex = (n: number): string => n.toString(16).padStart(32, "0");

export const QUESTIONS = {
  count: { id: hex(0x201), text: "How many orders?" },
  open: { id: hex(0x202), text: "Open orders" },
  top: { id: hex(0x203), text: "Top customer" },
} as const;

const TOP_SQL = "SELECT customer_id FROM dev.sales.orders ORDER BY amount DESC LIMIT 1";

export function benchmarkDocument(options: { fixed?: boolean; catalog?: string } = {}): string {
  const c = options.catalog ?? "dev";
  const examples = [
    {
      id: hex(0x101),
      question: ["Count the orders"],
      sql: [`SELECT COUNT(*) FROM ${c}.sales.orders`],
    },
    ...(options.fixed === true
      ? [{ id: hex(0x103), question: ["Best customer"], sql: [TOP_SQL.replace("dev.", `${c}.`)] }]
      : []),
  ];
  return JSON.stringify({
    version: 2,
    data_sources: { tables: [{ identifier: `${c}.sales.orders` }] },
    instructions: {
      example_question_sqls: examples,
      sql_snippets: {
        filters: [{ id: hex(0x102), display_name: "open", sql: ["status = 'Open'"] }],
      },
    },
    benchmarks: {
      questions: [
        bq(QUESTIONS.count, `SELECT COUNT(*) FROM ${c}.sales.orders`),
        bq(QUESTIONS.open, "status = 'Open'"),
        bq(QUESTIONS.top, TOP_SQL.replace("dev.", `${c}.`)),
      ],
    },
  });
}

function bq(q: { id: string; text: string }, sql: string) {
  return { id: q.id, question: [q.text], answer: [{ format: "SQL", content: [sql] }] };
}
