/**
 * The few pieces of the protobuf wire format that the Cosmos queries need: varints, length-delimited
 * fields and skipping of fields a message does not know. Enough to write query requests and read
 * their responses without generated code.
 */

/** Wire types (the low three bits of a field's tag). Groups (3, 4) were deprecated and are refused. */
export const WIRE = { varint: 0, i64: 1, len: 2, i32: 5 } as const;

/** A message that is not valid protobuf (truncated, overlong varint, bad tag, bad UTF-8). */
export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

/** One field as it appears on the wire; a repeated field appears once per element. */
export type ProtoField =
  { field: number; wire: typeof WIRE.varint; value: bigint } | { field: number; wire: typeof WIRE.len | typeof WIRE.i64 | typeof WIRE.i32; value: Uint8Array };

const U64_MAX = (1n << 64n) - 1n;
const MAX_FIELD = 2 ** 29 - 1;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Builds a message field by field, in the order written. */
export class ProtoWriter {
  private readonly out: number[] = [];

  private raw(value: bigint | number): this {
    let rest = BigInt(value);
    if (rest < 0n || rest > U64_MAX) throw new RangeError(`varint out of range: ${rest}`);
    while (rest > 0x7fn) {
      this.out.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.out.push(Number(rest));
    return this;
  }

  private tag(field: number, wire: number): this {
    if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD) throw new RangeError(`bad field number ${field}`);
    return this.raw(field * 8 + wire);
  }

  /** A uint64 / uint32 / bool / enum field. */
  uint64(field: number, value: bigint | number): this {
    return this.tag(field, WIRE.varint).raw(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE.len).raw(value.length);
    for (const byte of value) this.out.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message, already encoded (an empty one is still written, marking it present). */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

function readVarint(buffer: Uint8Array, start: number): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const at = start + i;
    if (at >= buffer.length) throw new ProtobufError('truncated varint');
    const byte = buffer[at];
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) {
      if (value > U64_MAX) throw new ProtobufError('varint exceeds 64 bits');
      return { value, next: at + 1 };
    }
  }
  throw new ProtobufError('varint longer than 10 bytes');
}

function take(buffer: Uint8Array, start: number, length: number): Uint8Array {
  if (start + length > buffer.length) throw new ProtobufError(`field of ${length} bytes runs past the end of the message`);
  return buffer.subarray(start, start + length);
}

/** Splits a message into its fields, in wire order. Throws ProtobufError on malformed input. */
export function readFields(buffer: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  while (at < buffer.length) {
    const tag = readVarint(buffer, at);
    at = tag.next;
    const field = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (field < 1 || field > MAX_FIELD) throw new ProtobufError(`bad field number ${tag.value >> 3n}`);
    switch (wire) {
      case WIRE.varint: {
        const { value, next } = readVarint(buffer, at);
        fields.push({ field, wire, value });
        at = next;
        break;
      }
      case WIRE.len: {
        const length = readVarint(buffer, at);
        if (length.value > BigInt(buffer.length)) throw new ProtobufError(`field of ${length.value} bytes runs past the end of the message`);
        fields.push({ field, wire, value: take(buffer, length.next, Number(length.value)) });
        at = length.next + Number(length.value);
        break;
      }
      case WIRE.i64:
      case WIRE.i32: {
        const size = wire === WIRE.i64 ? 8 : 4;
        fields.push({ field, wire, value: take(buffer, at, size) });
        at += size;
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wire} for field ${field}`);
    }
  }
  return fields;
}

/** The payload of a length-delimited field; a known field with another wire type is malformed. */
export function lenValue(field: ProtoField): Uint8Array {
  if (field.wire !== WIRE.len) throw new ProtobufError(`field ${field.field}: expected length-delimited, got wire type ${field.wire}`);
  return field.value;
}

/** The value of a varint field. */
export function varintValue(field: ProtoField): bigint {
  if (field.wire !== WIRE.varint) throw new ProtobufError(`field ${field.field}: expected varint, got wire type ${field.wire}`);
  return field.value;
}

/** A string field; protobuf strings must be valid UTF-8. */
export function stringValue(field: ProtoField): string {
  try {
    return strictUtf8.decode(lenValue(field));
  } catch (error) {
    if (error instanceof ProtobufError) throw error;
    throw new ProtobufError(`field ${field.field}: invalid UTF-8`);
  }
}
