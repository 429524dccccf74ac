/**
 * Docker's multiplexed stream: when a container has no TTY, attach, logs and exec carry stdout and
 * stderr on one connection as frames, each an 8-byte header (stream id, three zero bytes, payload
 * length as a big-endian uint32) followed by the payload. With a TTY the stream is raw bytes.
 */

export type StreamId = 0 | 1 | 2;

export const STREAM_IDS: Record<'stdin' | 'stdout' | 'stderr', StreamId> = { stdin: 0, stdout: 1, stderr: 2 };

export function encodeFrame(stream: StreamId, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export interface Frame {
  stream: StreamId;
  payload: Buffer;
}

/**
 * Splits a buffer into whole frames; `rest` is an incomplete trailing frame to prepend to the
 * next read. A header with an unknown stream id makes the stream invalid (`error`).
 */
export function decodeFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer; error?: string } {
  const frames: Frame[] = [];
  let offset = 0;
  while (buffer.length - offset >= 8) {
    const stream = buffer[offset]!;
    if (stream > 2) return { frames, rest: Buffer.alloc(0), error: `unrecognized stream: ${stream}` };
    const size = buffer.readUInt32BE(offset + 4);
    if (buffer.length - offset - 8 < size) break;
    frames.push({ stream: stream as StreamId, payload: buffer.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size;
  }
  return { frames, rest: buffer.subarray(offset) };
}
