// Shared set-up for the face-api reference scripts (see docs/parity.md):
// loads @vladmandic/face-api's Node bundle on the TF.js WASM backend, fully offline
// (WASM binaries and model weights come from node_modules via the file system, never HTTP).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repoRoot, 'package.json'));

/** face-api 1.7.15's bundle for Node + tfjs-backend-wasm (it requires @tensorflow/tfjs and the wasm backend). */
export const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
export const tf = faceapi.tf;
export const modelDir = path.join(repoRoot, 'node_modules/@vladmandic/face-api/model');
const wasmDir = path.join(repoRoot, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep;

/** Request name -> the face-api net it drives. */
export const netsByName = {
  descriptor: () => faceapi.nets.faceRecognitionNet,
  landmarks68: () => faceapi.nets.faceLandmark68Net,
  ssd: () => faceapi.nets.ssdMobilenetv1,
  tiny: () => faceapi.nets.tinyFaceDetector,
};

let backendInfo;

/** Selects the WASM backend (idempotent) and reports which WASM flavour it runs. */
export async function initBackend() {
  if (!backendInfo) {
    tf.setWasmPaths(wasmDir);
    if (!(await tf.setBackend('wasm'))) throw new Error(`tfjs wasm backend failed to start (wasm files from ${wasmDir})`);
    await tf.ready();
    backendInfo = {
      backend: tf.getBackend(),
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      tfjs: tf.version_core,
      faceapi: faceapi.version,
    };
  }
  return backendInfo;
}

/** Loads the named nets ("descriptor", "landmarks68", "ssd", "tiny") from node_modules unless already loaded. */
export async function loadNets(...names) {
  await initBackend();
  for (const name of names) {
    const get = netsByName[name];
    if (!get) throw new Error(`unknown net '${name}' (expected one of ${Object.keys(netsByName).join(', ')})`);
    if (!get().isLoaded) await get().loadFromDisk(modelDir);
  }
}

/**
 * Decodes frame `index` (default the first) of a video or an image file into raw RGB24 with ffmpeg,
 * optionally scaled to width x height (ffmpeg's default bicubic). Returns { data: Uint8Array, width, height }.
 * The frame comes as a binary PPM so its size (after ffmpeg's auto-rotation) is read from the header.
 */
export function decodeRgb(file, { width, height, index = 0 } = {}) {
  const filters = [`select=eq(n\\,${index})`];
  if (width && height) filters.push(`scale=${width}:${height}`);
  const args = ['-v', 'error', '-i', file, '-vf', filters.join(','), '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'ppm', '-'];
  const ppm = execFileSync('ffmpeg', args, { maxBuffer: 1 << 28 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`ffmpeg gave no frame ${index} for ${file}`);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = new Uint8Array(ppm.subarray(header[0].length));
  if (data.length !== w * h * 3) throw new Error(`ffmpeg gave ${data.length} pixel bytes for ${file}, expected ${w}x${h}x3`);
  return { data, width: w, height: h };
}

/** RGB24 bytes -> the int32 [h, w, 3] tensor face-api gets from tf.node.decodeImage in its own Node demos. */
export function rgbTensor({ data, width, height }) {
  return tf.tensor3d(Int32Array.from(data), [height, width, 3], 'int32');
}

/**
 * The original system's workload (README: `../shared/cse546` beside the checkout): the first `shared/cse546`
 * found in the repository's parent folders (a git worktree may sit one level deeper), or null when absent.
 */
export function findWorkload() {
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/cse546');
    if (fs.existsSync(path.join(candidate, 'encoding.dat'))) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

/** Median of a list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
