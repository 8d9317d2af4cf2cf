// Command-line options of `npm run bench`.

export interface BenchOptions {
  /** Daemon URI the clients connect to. */
  uri: string;
  /** Seconds each throughput measurement runs (after the warm-up). */
  duration: number;
  /** Seconds of warm-up before each throughput measurement. */
  warmup: number;
  /** Seconds each in-process client spends compiling its call path, and again its open path, before any case. */
  prime: number;
  /** Connect+open+close iterations (after a few warm-up ones). */
  iterations: number;
  /**
   * Each case runs in this many rounds, the clients taking turns in every
   * round, and the rounds are summed: a load spike from elsewhere lands on
   * all clients alike instead of on whichever ran during it.
   */
  rounds: number;
  quick: boolean;
  /** Regenerate docs/benchmarks.md from this run. */
  write: boolean;
  /** Filters: case ids or client names (substring match); empty = everything. */
  only: string[];
  /** Interpreter with the libvirt module (Debian's, not a pyenv one). */
  python: string;
  perl: string;
}

export const USAGE = `usage: npm run bench -- [options]
  --quick            short runs (0.5 s per measurement, 50 open/close iterations)
  --write            write the results to docs/benchmarks.md
  --only=A,B         run only cases or clients whose name contains A or B
                     (cases: version.seq, version.inflight-16, info.seq, open, ...;
                      clients: virtwire, busypoll, embedded, python, perl)
  --uri=URI          daemon URI (default test+unix:///default)
  --duration=S       seconds per throughput measurement (default 2.5)
  --prime=S          seconds virtwire warms its JIT on calls, and again on
                     open+close, before the first case (default 4)
  --iterations=N     open+close iterations (default 200)
  --rounds=N         rounds per case, clients alternating in each (default 4);
                     duration and iterations are split across them
  --python=PATH      python with the libvirt module (default /usr/bin/python3)
  --perl=PATH        perl with Sys::Virt (default perl)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    uri: "test+unix:///default",
    duration: 2.5,
    warmup: 0.3,
    prime: 4,
    iterations: 200,
    rounds: 4,
    quick: false,
    write: false,
    only: [],
    python: "/usr/bin/python3",
    perl: "perl",
  };
  let durationSet = false;
  let iterationsSet = false;
  let roundsSet = false;
  let primeSet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const key = eq < 0 ? arg : arg.slice(0, eq);
    // Both --key=value and --key value.
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${key} needs a value`);
      return next;
    };
    switch (key) {
      case "--quick":
        o.quick = true;
        break;
      case "--write":
        o.write = true;
        break;
      case "--only":
        o.only.push(...value().split(",").map((s) => s.trim()).filter((s) => s.length > 0));
        break;
      case "--uri":
        o.uri = value();
        break;
      case "--duration":
        o.duration = positive(key, value());
        durationSet = true;
        break;
      case "--prime":
        o.prime = positive(key, value());
        primeSet = true;
        break;
      case "--iterations":
        o.iterations = Math.round(positive(key, value()));
        iterationsSet = true;
        break;
      case "--rounds":
        o.rounds = Math.round(positive(key, value()));
        roundsSet = true;
        break;
      case "--python":
        o.python = value();
        break;
      case "--perl":
        o.perl = value();
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (o.quick) {
    if (!durationSet) o.duration = 0.5;
    if (!iterationsSet) o.iterations = 50;
    o.warmup = 0.1;
    if (!primeSet) o.prime = 0.3;
    if (!roundsSet) o.rounds = 1;
  }
  return o;
}

function positive(key: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${key} needs a positive number, got "${v}"`);
  return n;
}
