// A small, purpose-built reader for Python pickles (protocols 2-4) holding dicts, lists, strings, numbers and
// numpy arrays, enough for face_recognition's known-faces file (encoding.dat). numpy arrays arrive as
// numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') followed by BUILD with the state
// (version, shape, dtype, is_fortran, raw bytes); they come back as { shape, dtype, data: Float64Array | Float32Array }.
// Only these globals are honoured; anything else is an error, so no pickle can make this reader run code.

const allowedGlobals = new Set(['numpy.core.multiarray _reconstruct', 'numpy._core.multiarray _reconstruct', 'numpy ndarray', 'numpy dtype']);
const MARK = Symbol('mark');

export function readPickle(buffer) {
  const buf = Buffer.from(buffer);
  const stack = [];
  const memo = new Map();
  let pos = 0;
  const u8 = () => buf[pos++];
  const u16 = () => { pos += 2; return buf.readUInt16LE(pos - 2); };
  const i32 = () => { pos += 4; return buf.readInt32LE(pos - 4); };
  const u32 = () => { pos += 4; return buf.readUInt32LE(pos - 4); };
  const bytes = (n) => { pos += n; return buf.subarray(pos - n, pos); };
  const line = () => { const end = buf.indexOf(10, pos); const s = buf.toString('latin1', pos, end); pos = end + 1; return s; };
  const popMark = () => { const i = stack.lastIndexOf(MARK); const items = stack.splice(i); items.shift(); return items; };
  const top = () => stack[stack.length - 1];

  for (;;) {
    const op = String.fromCharCode(u8());
    switch (op) {
      case '\x80': u8(); break; // PROTO
      case '\x95': pos += 8; break; // FRAME
      case '.': return stack.pop(); // STOP
      case '(': stack.push(MARK); break;
      case '}': stack.push({}); break;
      case ']': stack.push([]); break;
      case ')': stack.push([]); break;
      case 'N': stack.push(null); break;
      case '\x88': stack.push(true); break;
      case '\x89': stack.push(false); break;
      case 'K': stack.push(u8()); break;
      case 'M': stack.push(u16()); break;
      case 'J': stack.push(i32()); break;
      case 'G': pos += 8; stack.push(buf.readDoubleBE(pos - 8)); break;
      case 'X': stack.push(bytes(u32()).toString('utf8')); break;
      case '\x8c': stack.push(bytes(u8()).toString('utf8')); break;
      case 'C': stack.push(Buffer.from(bytes(u8()))); break;
      case 'B': stack.push(Buffer.from(bytes(u32()))); break;
      case 'q': memo.set(u8(), top()); break;
      case 'r': memo.set(u32(), top()); break;
      case '\x94': memo.set(memo.size, top()); break; // MEMOIZE
      case 'h': stack.push(memo.get(u8())); break;
      case 'j': stack.push(memo.get(u32())); break;
      case '\x85': stack.push([stack.pop()]); break;
      case '\x86': stack.push(stack.splice(-2)); break;
      case '\x87': stack.push(stack.splice(-3)); break;
      case 't': stack.push(popMark()); break;
      case 'a': { const v = stack.pop(); top().push(v); break; }
      case 'e': { const items = popMark(); top().push(...items); break; }
      case 's': { const v = stack.pop(); const k = stack.pop(); top()[k] = v; break; }
      case 'u': { const items = popMark(); for (let i = 0; i < items.length; i += 2) top()[items[i]] = items[i + 1]; break; }
      case 'c': {
        const name = `${line()} ${line()}`;
        if (!allowedGlobals.has(name)) throw new Error(`pickle: global '${name}' is not supported`);
        stack.push({ global: name.split(' ')[1] });
        break;
      }
      case 'R': { const args = stack.pop(); stack.push(reduce(stack.pop(), args)); break; }
      case 'b': { const state = stack.pop(); build(top(), state); break; }
      default: throw new Error(`pickle: opcode 0x${op.charCodeAt(0).toString(16)} at byte ${pos - 1} is not supported`);
    }
  }
}

function reduce(callable, args) {
  if (callable.global === '_reconstruct') return { ndarray: true };
  if (callable.global === 'dtype') return { dtype: args[0] };
  throw new Error(`pickle: cannot call ${callable.global}`);
}

function build(obj, state) {
  if (obj.dtype) {
    obj.byteOrder = state[1]; // '<' little, '>' big, '|' not applicable
    return;
  }
  if (!obj.ndarray) throw new Error('pickle: BUILD on an unsupported object');
  const [, shape, dtype, isFortran, raw] = state;
  const kind = `${dtype.byteOrder === '>' ? '>' : '<'}${dtype.dtype}`;
  const read = { '<f8': (b, i) => b.readDoubleLE(i * 8), '<f4': (b, i) => b.readFloatLE(i * 4) }[kind];
  if (!read) throw new Error(`pickle: numpy dtype ${kind} is not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = kind === '<f8' ? new Float64Array(count) : new Float32Array(count);
  if (raw.length !== count * data.BYTES_PER_ELEMENT) throw new Error(`pickle: ${raw.length} bytes for ${kind} shape ${shape}`);
  if (isFortran && shape.length > 1) throw new Error('pickle: Fortran-ordered arrays are not supported');
  for (let i = 0; i < count; i++) data[i] = read(raw, i);
  Object.assign(obj, { shape, dtype: kind, data });
  delete obj.ndarray;
}
