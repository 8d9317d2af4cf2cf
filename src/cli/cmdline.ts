// Splits a command string ("start web; dominfo web") into commands and
// arguments as virsh's vshCommandStringGetArg does: blanks separate, ' and "
// quote (an unclosed ' runs to the end, an unclosed " is an error), backslash
// escapes outside '' (and a backslash-newline vanishes), ';' or a newline ends
// a command, '#' at a word start comments out the rest of the line, and a
// command whose first word starts with '#' is skipped.
import { CliError } from "./errors.js";

export function splitCommandString(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length && !(words[0] as string).startsWith("#")) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (c === "\\") {
      if (i + 1 >= text.length) throw new CliError("dangling \\", { usage: true });
      const next = text[++i] as string;
      if (next !== "\n") {
        word += next;
        inWord = true;
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === ";" || c === "\n") {
      endCommand();
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
    } else if (c === "#" && !inWord) {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote === '"') throw new CliError('missing "', { usage: true });
  endCommand();
  return commands;
}
