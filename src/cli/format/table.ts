// virsh's vshTable layout: every cell is preceded by one space, columns are
// padded to their widest cell plus two spaces (the last one is not padded),
// and the header is underlined with dashes as wide as the columns plus three
// per column. Quiet mode drops the header and the dashes, and the header's
// widths with them.

/** Display width of a string: code points, counting East Asian wide ones twice. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp >= 0x1100 && /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u.test(ch) ? 2 : 1;
  }
  return w;
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], quiet = false): string {
  const widths = header.map((h, i) => Math.max(quiet ? 0 : displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: readonly string[]): string => {
    let s = "";
    cells.forEach((c, i) => {
      s += ` ${c}`;
      if (i < cells.length - 1) s += " ".repeat((widths[i] ?? 0) - displayWidth(c) + 2);
    });
    return `${s}\n`;
  };
  let out = "";
  if (!quiet) {
    out += line(header);
    out += "-".repeat(widths.reduce((a, b) => a + b, 0) + 3 * widths.length) + "\n";
  }
  for (const r of rows) out += line(header.map((_, i) => r[i] ?? ""));
  return out;
}
