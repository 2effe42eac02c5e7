// The root blob of a cursor-agent chat (`meta.latestRootBlobId`, docs/formats/cursor.md §3.2): a protobuf message
// whose repeated field 1 holds the conversation's message blob ids (32 raw bytes, SHA-256) in order, and whose field
// 9 is the workspace URI (`file:///…`). Its other fields (context token counts, the git branch…) are not read. Only
// the wire format is decoded here, without Cursor's schema: fields it does not need are skipped by their wire type.

export interface RootBlob {
  messageIds: string[];
  workspaceUri?: string;
}

/** Decodes a root blob; undefined when it is not protobuf as expected (reported by the caller, never thrown). */
export function decodeRootBlob(data: Uint8Array): RootBlob | undefined {
  const out: RootBlob = { messageIds: [] };
  let i = 0;
  const varint = (): number | undefined => {
    let value = 0;
    let shift = 0;
    while (i < data.length && shift <= 49) {
      const b = data[i++];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        return value;
      }
      shift += 7;
    }
    return undefined;
  };
  while (i < data.length) {
    const key = varint();
    if (key === undefined) {
      return undefined;
    }
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      if (varint() === undefined) {
        return undefined;
      }
    } else if (wire === 1 || wire === 5) {
      i += wire === 1 ? 8 : 4;
    } else if (wire === 2) {
      const length = varint();
      if (length === undefined || i + length > data.length) {
        return undefined;
      }
      const bytes = data.subarray(i, i + length);
      i += length;
      if (field === 1 && length === 32) {
        out.messageIds.push(Buffer.from(bytes).toString('hex'));
      } else if (field === 9) {
        out.workspaceUri = Buffer.from(bytes).toString('utf8');
      }
    } else {
      return undefined;
    }
  }
  return i === data.length ? out : undefined;
}
