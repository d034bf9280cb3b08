#!/usr/bin/env node
// face-api's speed on this machine (Node, TF.js WASM backend): the baseline our ONNX engine is measured against.
//
//   node tests/parity/bench-faceapi.mjs [--frame VIDEO_OR_IMAGE] [--runs N]
//
// The frame is the first frame of --frame (default ../shared/cse546/videos/test_1.mp4 when present, else
// face-api's demo/sample1.jpg) scaled by ffmpeg to 1280x720. Prints medians over N runs (default 10; 2N for
// the per-face nets) after one warm-up run, which is reported separately. See docs/parity.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeRgb, faceapi, findWorkload, initBackend, median, modelDir, repoRoot, rgbTensor, tf } from './faceapi-node.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const workload = findWorkload();
const frameSource = opt('--frame', workload ? path.join(workload, 'videos/test_1.mp4') : path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const runs = Number(opt('--runs', 10));

/**
 * Runs fn once as warm-up, then n times; returns { first, median, cpu } in ms: wall-clock median and the
 * median CPU time of this process (face-api's WASM kernels are single-threaded here, so on an idle machine
 * cpu ~ wall; under load from other processes cpu stays close to the idle figure while wall grows).
 */
async function time(n, fn) {
  const t0 = performance.now();
  await fn();
  const first = performance.now() - t0;
  const samples = [];
  const cpus = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    const { user, system } = process.cpuUsage(c);
    cpus.push((user + system) / 1000);
  }
  return { first, median: median(samples), cpu: median(cpus) };
}

const rows = [];
const report = (what, { first, median: m, cpu }, note = '') => {
  rows.push({ what, median: m, cpu, first });
  console.log(`${what.padEnd(50)} ${m.toFixed(1).padStart(8)} ms  cpu ${cpu.toFixed(1).padStart(7)} ms  (first ${first.toFixed(0)} ms)${note ? `  ${note}` : ''}`);
};

const t0 = performance.now();
const backend = await initBackend();
const backendMs = performance.now() - t0;
console.log(`face-api ${backend.faceapi}, tfjs ${backend.tfjs}, backend ${backend.backend} (simd ${backend.simd}, threads ${backend.threads}), node ${process.version}`);
console.log(`frame: first frame of ${frameSource} scaled to 1280x720; ${runs} runs per figure after a warm-up`);
// Other processes on this small machine skew every figure: say how busy it was.
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);

// Model load: a fresh net instance per run, read from node_modules via the file system.
const loaders = { ssd: faceapi.SsdMobilenetv1, tiny: faceapi.TinyFaceDetector, landmarks68: faceapi.FaceLandmark68Net, descriptor: faceapi.FaceRecognitionNet };
const loadOnce = async (names) => {
  for (const n of names) {
    const net = new loaders[n]();
    await net.loadFromDisk(modelDir);
    net.dispose();
  }
};
const t1 = performance.now();
await loadOnce(['ssd', 'landmarks68', 'descriptor']);
console.log(`cold start: wasm backend ${backendMs.toFixed(0)} ms + first load of the chain's 3 nets ${(performance.now() - t1).toFixed(0)} ms`);
for (const n of Object.keys(loaders)) report(`model load: ${n}`, await time(runs, () => loadOnce([n])));
report('model load: chain (ssd + landmarks68 + descriptor)', await time(runs, () => loadOnce(['ssd', 'landmarks68', 'descriptor'])));

for (const net of [faceapi.nets.ssdMobilenetv1, faceapi.nets.tinyFaceDetector, faceapi.nets.faceLandmark68Net, faceapi.nets.faceRecognitionNet]) {
  await net.loadFromDisk(modelDir);
}
const frame = rgbTensor(decodeRgb(frameSource, { width: 1280, height: 720 }));
const ssdOptions = new faceapi.SsdMobilenetv1Options();
const tinyOptions = new faceapi.TinyFaceDetectorOptions();

const faces = await faceapi.detectAllFaces(frame, ssdOptions);
if (!faces.length) throw new Error(`face-api's SSD finds no face in ${frameSource}; pick a frame with a face (--frame)`);
console.log(`SSD finds ${faces.length} face(s); per-face figures use the first, ${faces[0].box.width.toFixed(0)}x${faces[0].box.height.toFixed(0)} px`);
const [crop] = await faceapi.extractFaceTensors(frame, [faces[0]]);

report('SSD detect per 720p frame (512 input)', await time(runs, () => faceapi.detectAllFaces(frame, ssdOptions)));
report('Tiny detect per 720p frame (416 input)', await time(runs, () => faceapi.detectAllFaces(frame, tinyOptions)));
report('landmarks68 per face (112 input)', await time(2 * runs, () => faceapi.nets.faceLandmark68Net.detectLandmarks(crop)));
report('descriptor per face (150 input)', await time(2 * runs, () => faceapi.nets.faceRecognitionNet.computeFaceDescriptor(crop)));
const chain = () => faceapi.detectAllFaces(frame, ssdOptions).withFaceLandmarks().withFaceDescriptors();
report('chain SSD+landmarks+descriptor per 720p frame', await time(runs, chain), `(${faces.length} face(s))`);

console.log(`load average at end: ${load()}`);
crop.dispose();
frame.dispose();
if (opt('--json')) fs.writeFileSync(opt('--json'), JSON.stringify({ backend, frameSource, runs, rows }, null, 1));
