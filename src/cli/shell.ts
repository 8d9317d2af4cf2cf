// The interactive terminal: virtwire without a command reads command lines
// from stdin, as virsh does, until quit/exit or end of input.
import { createInterface, type Interface } from "node:readline";
import type { Ctx } from "./context.js";

const HISTORY_SIZE = 500;

export interface ShellOptions {
  /** Runs one input line (it may hold several commands separated by ';'). */
  runLine(line: string): Promise<void>;
  /** What Tab completes. */
  completion: Completion;
}

export interface Completion {
  /** Command names and each command's --options. */
  words: ReadonlyMap<string, readonly string[]>;
  /** Commands whose first argument is a domain. */
  domainFirst: ReadonlySet<string>;
  /** The connection's domain names (opening it if need be). */
  domainNames(): Promise<string[]>;
}

function banner(): string {
  return (
    "Welcome to virtwire, the virtualization interactive terminal.\n\n" +
    "Type:  'help' for help with commands\n" +
    "       'quit' to quit\n\n"
  );
}

type CompleterCallback = (err: null, result: [string[], string]) => void;

/** Completes the command name, then a domain where one goes, else the command's options. */
function completer(c: Completion) {
  return (line: string, done: CompleterCallback): void => {
    const parts = line.trimStart().split(/\s+/);
    const last = parts[parts.length - 1] ?? "";
    const cmd = parts[0] ?? "";
    const answer = (pool: readonly string[]): void => {
      const hits = pool.filter((w) => w.startsWith(last));
      done(null, [hits.map((h) => (hits.length === 1 ? `${h} ` : h)), last]);
    };
    if (parts.length <= 1) return answer([...c.words.keys()]);
    const wantsDomain = !last.startsWith("-") && ((parts.length === 2 && c.domainFirst.has(cmd)) || parts[parts.length - 2] === "--domain");
    if (!wantsDomain) return answer(c.words.get(cmd) ?? []);
    // No connection, no names: nothing to offer rather than an error mid-line.
    c.domainNames().then(answer, () => answer([]));
  };
}

export async function runShell(ctx: Ctx, o: ShellOptions): Promise<void> {
  ctx.interactive = true;
  const tty = ctx.io.stdin.isTTY === true;
  // Piped input with --json: a program reads the output, so only JSON lines.
  const bare = !tty && ctx.opts.json;
  if (!bare) ctx.print(ctx.extra(banner()));
  const prompt = (): string => (bare ? "" : ctx.opts.readonly ? "virtwire > " : "virtwire # ");
  const lines = tty ? ttyLines(ctx, o.completion, prompt) : pipedLines(ctx, prompt, !bare);
  for await (const line of lines) {
    if (line.trim()) await o.runLine(line);
    if (ctx.quitRequested) break;
  }
  // The line break after the last prompt (EOF) or after quit.
  if (!bare) ctx.print("\n");
}

/**
 * Piped input: one reader for the whole session (it reads ahead), each line
 * echoed after its prompt as readline does when stdin is not a terminal.
 */
async function* pipedLines(ctx: Ctx, prompt: () => string, echo: boolean): AsyncGenerator<string> {
  const rl = createInterface({ input: ctx.io.stdin, terminal: false, crlfDelay: Infinity });
  try {
    ctx.print(prompt());
    for await (const line of rl) {
      if (echo) ctx.print(`${line}\n`);
      yield line;
      if (ctx.quitRequested) return;
      ctx.print(prompt());
    }
  } finally {
    rl.close();
  }
}

/**
 * A terminal: a fresh readline per prompt, closed while the command runs so
 * the terminal is back in cooked mode (Ctrl+C interrupts the command, the
 * console can take raw mode). History carries over from one to the next.
 */
async function* ttyLines(ctx: Ctx, completion: Completion, prompt: () => string): AsyncGenerator<string> {
  const history: string[] = [];
  for (;;) {
    const line = await readOne(ctx, history, completion, prompt());
    if (line === null) return;
    yield line;
  }
}

function readOne(ctx: Ctx, history: string[], completion: Completion, prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    const rl: Interface = createInterface({
      input: ctx.io.stdin,
      output: ctx.io.stdout,
      terminal: true,
      history,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      completer: completer(completion),
    });
    let answered = false;
    // Ctrl+C at the prompt drops the line being typed, as a shell does.
    rl.on("SIGINT", () => {
      answered = true;
      rl.close();
      ctx.print("^C\n");
      resolve("");
    });
    rl.on("history", (h: string[]) => {
      history.splice(0, history.length, ...h);
    });
    rl.on("close", () => {
      if (!answered) resolve(null);
    });
    rl.question(prompt, (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
  });
}
