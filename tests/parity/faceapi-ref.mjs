#!/usr/bin/env node
// face-api reference runner for network parity (docs/parity.md has the full contract).
//
//   node tests/parity/faceapi-ref.mjs REQUEST.json      (or `-` / no argument: the request on stdin)
//
// Request (JSON; paths absolute or relative to the working directory):
//   { "net": "descriptor" | "landmarks68" | "ssd" | "tiny",
//     "out": "DIR",                                   // created; receives NAME.f32 files + result.json
//     // either a network input tensor: raw little-endian float32, RGB values 0..255 (NOT normalised),
//     // exactly the batch tensor face-api's forwardInput builds with NetInput.toBatchTensor:
//     "tensor": "FILE.f32", "shape": [N, S, S, 3], "layout": "nhwc" (default) | "nchw",
//     // or a raw RGB24 image (row-major, 3 bytes per pixel) that face-api preprocesses itself:
//     "image": "FILE.rgb", "width": W, "height": H,
//     "options": { "minConfidence": 0.5, "maxResults": 100,   // ssd (face-api defaults)
//                  "inputSize": 416, "scoreThreshold": 0.5 } } // tiny (face-api defaults)
// S is 150 (descriptor), 112 (landmarks68), 512 (ssd), options.inputSize (tiny, multiple of 32).
// For ssd and tiny N must be 1. Before its first layer face-api then normalises the tensor:
//   descriptor, landmarks68: (x - [122.782, 117.001, 104.298]) / 255
//   ssd:                     x / 127.5 - 1
//   tiny:                    (x - [117.001, 114.697, 97.404]) / 255
//
// Output: DIR/result.json (also printed on stdout):
//   { "net", "inputSize", "backend": {...}, "outputs": { NAME: { "file": "NAME.f32", "shape": [...] } },
//     "detections": [ { "score", "box": [x, y, w, h] } ] }        // detectors only, pixels of the input
// Outputs (all NHWC / row-major exactly as face-api holds them, float32 LE):
//   all:         input        [N,S,S,3] the tensor face-api fed to the net (0..255), to feed an ONNX graph
//   descriptor:  descriptor   [N,128]
//   landmarks68: raw          [N,136] fc output: x0,y0,x1,y1,... relative to the S x S input
//                landmarks    [N,136] face-api's postProcess: relative to the image before padding
//   ssd:         boxEncodings [1,5118,1,4] raw box head (ty, tx, th, tw per anchor), before decoding
//                classLogits  [1,5118,3]   raw class head, before the sigmoid
//                anchors      [1,5118,4]   face-api's anchor boxes (params.output_layer.extra_dim)
//                boxes        [1,5118,4]   decoded (ymin, xmin, ymax, xmax) relative to the 512 square
//                scores       [1,5118]     sigmoid(classLogits[..., 1])
//   tiny:        grid         [1,S/32,S/32,25] raw conv output: 5 anchors x (tx, ty, tw, th, score logit)
//
// "net": "chain" runs face-api's whole pipeline on an image instead (detectAllFaces(ssd, options)
// .withFaceLandmarks().withFaceDescriptors()) and writes no tensors; result.json then holds
//   "faces": [ { "score", "box": [x, y, w, h], "landmarks": [[x, y] x 68], "descriptor": [128] } ]  (pixels)
import fs from 'node:fs';
import path from 'node:path';
import { faceapi, initBackend, loadNets, netsByName, tf } from './faceapi-node.mjs';

/** Per net: the square input size and whether face-api centres the padding (toBatchTensor's isCenterInputs). */
const geometry = {
  descriptor: () => ({ size: 150, center: true }),
  landmarks68: () => ({ size: 112, center: true }),
  ssd: () => ({ size: 512, center: false }),
  tiny: (o) => ({ size: o.inputSize ?? 416, center: false }),
};

async function main() {
  const arg = process.argv[2];
  const request = JSON.parse(fs.readFileSync(!arg || arg === '-' ? 0 : arg, 'utf8'));
  const { net, out, options = {} } = request;
  if (net === 'chain') return chain(request);
  if (!netsByName[net]) throw new Error(`request.net must be one of ${Object.keys(netsByName).join(', ')}; got '${net}'`);
  if (!out) throw new Error('request.out (output folder) is required');
  const { size, center } = geometry[net](options);
  const backend = await initBackend();
  await loadNets(net);

  const inputs = readInputs(request, size);
  const netInput = await faceapi.toNetInput(inputs.length === 1 ? inputs[0] : inputs);
  if (net !== 'descriptor' && net !== 'landmarks68' && inputs.length !== 1) throw new Error(`${net} takes one input (N = 1)`);

  const outputs = { input: netInput.toBatchTensor(size, center) };
  let detections;
  if (net === 'descriptor') {
    outputs.descriptor = faceapi.nets.faceRecognitionNet.forwardInput(netInput);
  } else if (net === 'landmarks68') {
    outputs.raw = faceapi.nets.faceLandmark68Net.runNet(netInput);
    outputs.landmarks = faceapi.nets.faceLandmark68Net.forwardInput(netInput);
  } else if (net === 'ssd') {
    Object.assign(outputs, ssdHeads(netInput));
    const found = await faceapi.nets.ssdMobilenetv1.locateFaces(inputs[0], options);
    detections = found.map(toDetection);
  } else {
    outputs.grid = faceapi.nets.tinyFaceDetector.forwardInput(netInput, size);
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(inputs[0], { ...options, inputSize: size });
    detections = found.map(toDetection);
  }

  fs.mkdirSync(out, { recursive: true });
  const result = { net, inputSize: size, backend, outputs: {}, ...(detections && { detections }) };
  for (const [name, t] of Object.entries(outputs)) {
    const data = await t.data();
    fs.writeFileSync(path.join(out, `${name}.f32`), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    result.outputs[name] = { file: `${name}.f32`, shape: t.shape };
  }
  fs.writeFileSync(path.join(out, 'result.json'), JSON.stringify(result, null, 1));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The request's input as a list of Tensor3D (one per batch item), float32 pixels or int32 RGB. */
function readInputs(request, size) {
  if (request.image) {
    const { width, height } = request;
    const bytes = fs.readFileSync(request.image);
    if (!(width > 0 && height > 0) || bytes.length !== width * height * 3) {
      throw new Error(`image ${request.image}: ${bytes.length} bytes, expected width*height*3 with width=${width}, height=${height}`);
    }
    return [tf.tensor3d(Int32Array.from(bytes), [height, width, 3], 'int32')];
  }
  if (!request.tensor) throw new Error('request needs "tensor" (+ "shape") or "image" (+ "width", "height")');
  const { shape, layout = 'nhwc' } = request;
  const bytes = fs.readFileSync(request.tensor);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const expected = layout === 'nchw' ? [shape?.[0], 3, size, size] : [shape?.[0], size, size, 3];
  if (!Array.isArray(shape) || shape.length !== 4 || !(shape[0] >= 1) || shape.some((d, i) => i > 0 && d !== expected[i])) {
    throw new Error(`tensor shape ${JSON.stringify(shape)} (${layout}): expected ${JSON.stringify(expected.map((d, i) => (i ? d : 'N')))}`);
  }
  if (data.length !== shape.reduce((a, b) => a * b)) throw new Error(`tensor ${request.tensor}: ${data.length} floats for shape ${shape}`);
  let batch = tf.tensor4d(data, shape, 'float32');
  if (layout === 'nchw') batch = tf.transpose(batch, [0, 2, 3, 1]);
  else if (layout !== 'nhwc') throw new Error(`layout must be nhwc or nchw; got '${layout}'`);
  return tf.unstack(batch);
}

/**
 * SSD's raw heads. face-api's forwardInput returns only the decoded boxes and scores, and the layers that
 * produce the heads are private to its bundle, so the two concats at the end of its predictionLayer are
 * captured at the TF.js kernel level while face-api's own forwardInput runs: box encodings
 * [1, A, 1, 4] and class logits [1, A, 3]. The capture is checked against face-api's scores.
 */
function ssdHeads(netInput) {
  const net = faceapi.nets.ssdMobilenetv1;
  const anchors = net.params.output_layer.extra_dim;
  const count = anchors.shape[1];
  const wanted = { boxEncodings: [1, count, 1, 4], classLogits: [1, count, 3] };
  const captured = {};
  const concat = tf.getKernel('Concat', 'wasm');
  tf.unregisterKernel('Concat', 'wasm');
  tf.registerKernel({
    ...concat,
    kernelFunc: (args) => {
      const res = concat.kernelFunc(args);
      for (const [name, shape] of Object.entries(wanted)) {
        if (JSON.stringify(res.shape) === JSON.stringify(shape)) {
          captured[name] = args.backend.readSync(res.dataId).slice(); // a copy: face-api's tidy frees the tensor
        }
      }
      return res;
    },
  });
  let decoded;
  try {
    decoded = net.forwardInput(netInput);
  } finally {
    tf.unregisterKernel('Concat', 'wasm');
    tf.registerKernel(concat);
  }
  if (!captured.boxEncodings || !captured.classLogits) throw new Error('could not capture the SSD heads (face-api internals changed?)');
  const heads = Object.fromEntries(Object.entries(wanted).map(([name, shape]) => [name, tf.tensor(captured[name], shape, 'float32')]));
  const boxes = decoded.boxes[0].expandDims(0);
  const scores = decoded.scores[0].expandDims(0);
  const check = tf.sigmoid(heads.classLogits.slice([0, 0, 1], [1, count, 1]).reshape([1, count]));
  const diff = tf.max(tf.abs(tf.sub(check, scores))).dataSync()[0];
  if (!(diff < 1e-6)) throw new Error(`captured SSD class logits disagree with face-api's scores (max diff ${diff})`);
  return { ...heads, anchors, boxes, scores };
}

/** face-api's full pipeline on one image: SSD -> 68 landmarks -> descriptor (its box-crop alignment). */
async function chain(request) {
  if (!request.out) throw new Error('request.out (output folder) is required');
  if (!request.image) throw new Error('net "chain" takes an "image" (+ "width", "height")');
  const backend = await initBackend();
  await loadNets('ssd', 'landmarks68', 'descriptor');
  const [image] = readInputs(request, 0);
  const found = await faceapi.detectAllFaces(image, new faceapi.SsdMobilenetv1Options(request.options ?? {}))
    .withFaceLandmarks().withFaceDescriptors();
  const faces = found.map((f) => ({
    ...toDetection(f.detection),
    landmarks: f.landmarks.positions.map((p) => [p.x, p.y]),
    descriptor: Array.from(f.descriptor),
  }));
  const result = { net: 'chain', backend, outputs: {}, faces };
  fs.mkdirSync(request.out, { recursive: true });
  fs.writeFileSync(path.join(request.out, 'result.json'), JSON.stringify(result, null, 1));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function toDetection(d) {
  const { x, y, width, height } = d.box;
  return { score: d.score, box: [x, y, width, height] };
}

main().catch((e) => {
  process.stderr.write(`faceapi-ref: ${e.message}\n`);
  process.exit(1);
});
