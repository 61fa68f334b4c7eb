// @ts-check
// Reads a .vsix (a zip) from its central directory: names and sizes, and on request the
// contents (stored or deflated, the two methods vsce writes). No dependency.
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/**
 * @param {string} file
 * @returns {Promise<{ name: string, size: number, compressed: number }[]>}
 */
export async function zipEntries(file) {
  return (await readZip(file)).map(({ name, size, compressed }) => ({ name, size, compressed }));
}

/**
 * Every entry with its uncompressed bytes.
 * @param {string} file
 * @returns {Promise<{ name: string, data: Buffer }[]>}
 */
export async function zipContents(file) {
  return (await readZip(file)).map((e) => ({ name: e.name, data: e.read() }));
}

/** @param {string} file */
async function readZip(file) {
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
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buf.readUInt32LE(at + 42);
    const read = () => {
      if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${file}: bad local header of ${name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(raw);
      if (method === 8) return inflateRawSync(raw);
      throw new Error(`${file}: ${name} uses compression method ${method}`);
    };
    entries.push({ name, size, compressed, read });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
