// @ts-check
// Lists a .vsix (a zip) from its central directory: names and uncompressed sizes. No
// dependency, no extraction; enough to count files and spot node_modules.
import { readFile } from 'node:fs/promises';

/**
 * @param {string} file
 * @returns {Promise<{ name: string, size: number, compressed: number }[]>}
 */
export async function zipEntries(file) {
  const buf = await readFile(file);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, size, compressed });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
