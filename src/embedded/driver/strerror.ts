// errno numbers and text as glibc's strerror() spells them, for libvirt-style
// system errors ("...: No such file or directory", int1 = errno).
const TABLE: Record<string, [number, string]> = {
  EPERM: [1, "Operation not permitted"],
  ENOENT: [2, "No such file or directory"],
  EIO: [5, "Input/output error"],
  EACCES: [13, "Permission denied"],
  EEXIST: [17, "File exists"],
  ENOTDIR: [20, "Not a directory"],
  EISDIR: [21, "Is a directory"],
  EINVAL: [22, "Invalid argument"],
  ENOSPC: [28, "No space left on device"],
  EROFS: [30, "Read-only file system"],
  ENAMETOOLONG: [36, "File name too long"],
  ELOOP: [40, "Too many levels of symbolic links"],
};

export function errnoOf(e: unknown): { errno: number; text: string } {
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
  const hit = TABLE[code];
  if (hit) return { errno: hit[0], text: hit[1] };
  return { errno: 0, text: e instanceof Error ? e.message : String(e) };
}
