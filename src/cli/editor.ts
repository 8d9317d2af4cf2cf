// Text edited in the user's editor, as virsh runs it: $VISUAL, else $EDITOR,
// else vi, through `sh -c "EDITOR FILE"` on a temporary file.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "./errors.js";

export interface EditSession {
  /** The text as the editor left it. */
  text: string;
  /** The file, kept until `discard` so a failed save can point the user to it. */
  file: string;
  discard(): Promise<void>;
}

export async function editText(text: string, suffix: string): Promise<EditSession> {
  const dir = await mkdtemp(join(tmpdir(), "virtwire-"));
  const file = join(dir, `edit${suffix}`);
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(file, text, { mode: 0o600 });
    const editor = process.env["VISUAL"] || process.env["EDITOR"] || "vi";
    const command = `${editor} ${file}`;
    // The editor owns the terminal meanwhile (the shell's line reader is closed).
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn("sh", ["-c", command], { stdio: "inherit" });
      child.on("error", reject);
      child.on("close", (c) => resolve(c));
    });
    if (code !== 0) throw new CliError(`internal error: Child process (sh -c '${command}') unexpected exit status ${code ?? "(signal)"}`);
    return { text: await readFile(file, "utf8"), file, discard };
  } catch (err) {
    await discard();
    throw err;
  }
}
