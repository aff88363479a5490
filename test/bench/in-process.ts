import * as path from "node:path";
import type { Props } from "../support/host";
import { median, ms, out, ratio, time } from "./measure";

/**
 * (a) The package's own CPU for check and diff, in this process, on the built package (dist/), as
 * the engine calls them: each call on a fresh copy of its arguments (the host decodes a new one
 * per call), diff after the check of the same inputs. The floor is a JSON round trip of the same
 * document, `JSON.parse(JSON.stringify(doc))`: no work on a document can take much less.
 */
const DIST = path.join(__dirname, "..", "..", "dist", "provider");
/* eslint-disable @typescript-eslint/no-require-imports -- the built package, not the source */
const checkModule = require(
  path.join(DIST, "resources", "genie-space-check"),
) as typeof import("../../provider/resources/genie-space-check");
const diffModule = require(
  path.join(DIST, "resources", "genie-space-diff"),
) as typeof import("../../provider/resources/genie-space-diff");
/* eslint-enable @typescript-eslint/no-require-imports */

export interface InProcess {
  floor: number;
  check: number;
  diff: number;
  coldDiff: number;
}

/**
 * The same space with a variable it does not use, different on every run: inputs check has not
 * seen, so diff converts the document itself (what diff costs when check's verdict is not there).
 */
function unseen(inputs: Props, run: number): Props {
  return { ...inputs, variables: { bench: String(run) } };
}

export function inProcess(
  label: string,
  documentText: string,
  inputs: Props,
  state: Props,
  runs: number,
): InProcess {
  const doc = JSON.parse(documentText) as unknown;
  const inputsText = JSON.stringify(inputs);
  const stateText = JSON.stringify(state);
  const floors: number[] = [];
  const checks: number[] = [];
  const diffs: number[] = [];
  const cold: number[] = [];
  const warmup = Math.min(5, runs);
  for (let i = 0; i < runs + warmup; i++) {
    const news = JSON.parse(inputsText) as Props;
    const f = time(() => JSON.parse(JSON.stringify(doc)));
    let checked: Props = {};
    const c = time(() => {
      const r = checkModule.checkGenieSpace(news);
      if (r.failures !== undefined && r.failures.length > 0)
        throw new Error(`${label}: check failed: ${JSON.stringify(r.failures)}`);
      checked = r.inputs as Props;
    });
    const afterCheck = JSON.parse(JSON.stringify(checked)) as Props;
    let olds = JSON.parse(stateText) as Props;
    const d = time(() => {
      if (diffModule.diffGenieSpace("id", olds, afterCheck as never).changes)
        throw new Error(`${label}: diff found a change`);
    });
    const other = JSON.parse(JSON.stringify(unseen(inputs, i))) as Props;
    olds = JSON.parse(stateText) as Props;
    const cd = time(() => {
      if (diffModule.diffGenieSpace("id", olds, other as never).changes)
        throw new Error(`${label}: diff found a change`);
    });
    if (i < warmup) continue;
    floors.push(f);
    checks.push(c);
    diffs.push(d);
    cold.push(cd);
  }
  const r = {
    floor: median(floors),
    check: median(checks),
    diff: median(diffs),
    coldDiff: median(cold),
  };
  out(
    `  (a) package, in-process, median of ${runs}: JSON floor ${ms(r.floor)}; check ${ms(r.check)} = ${ratio(r.check, r.floor)}; ` +
      `diff after check ${ms(r.diff)} = ${ratio(r.diff, r.floor)}; diff of inputs check has not seen (it converts the document) ${ms(r.coldDiff)} = ${ratio(r.coldDiff, r.floor)}`,
  );
  return r;
}
