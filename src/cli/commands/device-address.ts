// virshAddressParse / virshAddressFormat: "pci:0000.00.0a.0", "scsi:0.0.1",
// "ide:0.1.0", "sata:0.0.0", "ccw:0xfe.0.0a", "usb:1.2" as <address/> XML.
import { ULLONG_MAX } from "../limits.js";

const UINT_MAX = 0xffffffffn;

export type AddressType = "pci" | "scsi" | "ide" | "ccw" | "usb" | "sata";

export interface DeviceAddress {
  type: AddressType;
  /** The parsed numbers in the order the type's text gives them. */
  fields: bigint[];
  multifunction: boolean;
}

/** Each type's fields as [base, max]; every field follows one separator character of any kind. */
const LAYOUT: Record<AddressType, readonly (readonly [10 | 16, bigint])[]> = {
  pci: [[16, UINT_MAX], [16, UINT_MAX], [16, UINT_MAX], [16, UINT_MAX]],
  scsi: [[10, UINT_MAX], [10, UINT_MAX], [10, ULLONG_MAX]],
  ide: [[10, UINT_MAX], [10, UINT_MAX], [10, ULLONG_MAX]],
  sata: [[10, UINT_MAX], [10, UINT_MAX], [10, ULLONG_MAX]],
  ccw: [[16, UINT_MAX], [16, UINT_MAX], [16, UINT_MAX]],
  usb: [[10, UINT_MAX], [10, UINT_MAX]],
};

const NUMBER = { 10: /^\s*\+?(\d+)/, 16: /^\s*\+?(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/ } as const;

/** null when the text is not an address virsh accepts (text after the last number is ignored, as virsh does). */
export function parseAddress(text: string, multifunction: boolean): DeviceAddress | null {
  const colon = text.indexOf(":");
  if (colon < 0) return null;
  const type = text.slice(0, colon);
  if (!Object.hasOwn(LAYOUT, type)) return null;
  const fields: bigint[] = [];
  let pos = colon; // each field starts one character after the previous one ended
  for (const [base, max] of LAYOUT[type as AddressType]) {
    pos++;
    if (pos > text.length) return null;
    const m = NUMBER[base].exec(text.slice(pos));
    if (!m) return null;
    const v = BigInt(base === 16 ? `0x${m[1]}` : (m[1] as string));
    if (v > max) return null;
    fields.push(v);
    pos += m[0].length;
  }
  return { type: type as AddressType, fields, multifunction };
}

const hex = (v: bigint | undefined, width: number): string => `0x${(v ?? 0n).toString(16).padStart(width, "0")}`;

/** The <address/> line, newline-terminated, indented by `indent`. */
export function addressXml(addr: DeviceAddress, indent: string): string {
  const [a, b, c, d] = addr.fields;
  switch (addr.type) {
    case "pci":
      return `${indent}<address type='pci' domain='${hex(a, 4)}' bus='${hex(b, 2)}' slot='${hex(c, 2)}' function='${hex(d, 1)}'${addr.multifunction ? " multifunction='on'" : ""}/>\n`;
    case "ccw":
      return `${indent}<address type='ccw' cssid='${hex(a, 2)}' ssid='${hex(b, 1)}' devno='${hex(c, 4)}'/>\n`;
    case "usb":
      return `${indent}<address type='usb' bus='${a}' port='${b}'/>\n`;
    default:
      return `${indent}<address type='drive' controller='${a}' bus='${b}' unit='${c}'/>\n`;
  }
}
