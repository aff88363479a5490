/**
 * The plugin's entry point. The Node language host runs it as
 * `node <plugin>/node_modules/@pulumi/pulumi/cmd/run-plugin <plugin folder> <engine address>`,
 * which loads this file through plugin/package.json's `main`; the engine reads the port from the
 * first line of stdout. Nothing is exported: run-plugin would serve exported components itself.
 */
import { routeConsole } from "./engine-log";
import { serve } from "./server";

// The arguments after the folder; flags (`--logtostderr`, `-v=9`) are the engine's, for Go plugins.
const engine = process.argv.slice(2).find((a) => !a.startsWith("-"));
routeConsole();
serve(engine).then(
  (port) => process.stdout.write(`${port}\n`),
  (e: unknown) => {
    process.stderr.write(`genie plugin: cannot serve: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
