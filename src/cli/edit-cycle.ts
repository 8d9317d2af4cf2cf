// virsh's edit cycle (virsh-edit.c) for the *-edit commands: the document in
// the user's editor, then, when changed and nobody else changed it
// meanwhile, defined again.
import { CliError } from "./errors.js";
import { editText } from "./editor.js";

export interface EditCycle<T> {
  /** The document as it is now; read again before defining. */
  get(): Promise<string>;
  define(xml: string): Promise<T>;
  /** Define even an unchanged document (snapshot-edit --current). */
  defineUnchanged?: boolean;
}

/** What define returned, or null when the document came back unchanged. */
export async function editCycle<T>(cycle: EditCycle<T>): Promise<{ defined: T } | null> {
  const doc = await cycle.get();
  const session = await editText(doc, ".xml");
  let keep = false;
  try {
    if (session.text === doc && !cycle.defineUnchanged) return null;
    // Someone else's change meanwhile (or the object gone) must not be overwritten.
    const reread = await cycle.get();
    if (reread !== doc) {
      keep = true;
      throw new CliError(`The XML configuration was changed by another user. Your edits are in ${session.file}`);
    }
    try {
      return { defined: await cycle.define(session.text) };
    } catch (err) {
      // virsh would offer to edit again; here the edits survive in the file.
      keep = true;
      throw new CliError(`Failed. Your edits are in ${session.file}`, { cause: err });
    }
  } finally {
    if (!keep) await session.discard();
  }
}
