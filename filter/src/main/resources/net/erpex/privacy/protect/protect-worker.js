/* ERPEX form protection: solves a proof-of-work challenge off the page's main thread.
 * Receives {challenge, difficulty}; finds the first decimal n such that SHA-256(challenge + n) starts with
 * `difficulty` zero bits; posts back {solution, iterations, millis}.
 * A plain-JavaScript SHA-256: awaiting crypto.subtle.digest for every candidate costs a promise round trip per hash
 * and is several times slower for these tiny messages. The challenge's whole 64-byte blocks are the same for every
 * candidate, so they are compressed once and each candidate costs one block. */
'use strict';
var K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
var INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
var W = new Int32Array(64);

/* One SHA-256 compression of buf[off..off+64) into state. */
function compress(state, buf, off) {
  var i;
  for (i = 0; i < 16; i++) {
    var p = off + i * 4;
    W[i] = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
  }
  for (i = 16; i < 64; i++) {
    var w15 = W[i - 15], w2 = W[i - 2];
    var s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    var s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6],
    h = state[7];
  for (i = 0; i < 64; i++) {
    var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0; state[1] = (state[1] + b) | 0; state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0; state[4] = (state[4] + e) | 0; state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0; state[7] = (state[7] + h) | 0;
}

function solve(challenge, difficulty) {
  var bytes = new Uint8Array(challenge.length), i;
  for (i = 0; i < challenge.length; i++) { bytes[i] = challenge.charCodeAt(i) & 255; }
  var mid = new Int32Array(INIT);
  var whole = bytes.length - bytes.length % 64;
  for (i = 0; i < whole; i += 64) { compress(mid, bytes, i); }
  var tail = bytes.length - whole;
  var buf = new Uint8Array(192);
  buf.set(bytes.subarray(whole));
  var state = new Int32Array(8);
  var limit = Math.pow(2, 32 - difficulty);
  var start = Date.now();
  for (var n = 0; ; n++) {
    var digits = String(n), len = tail;
    for (var j = 0; j < digits.length; j++) { buf[len++] = digits.charCodeAt(j); }
    var blocks = ((len + 9 + 63) >> 6) << 6;
    buf[len] = 0x80;
    for (i = len + 1; i < blocks - 4; i++) { buf[i] = 0; }
    var bits = (whole + len) * 8;
    buf[blocks - 4] = (bits >>> 24) & 255; buf[blocks - 3] = (bits >>> 16) & 255;
    buf[blocks - 2] = (bits >>> 8) & 255; buf[blocks - 1] = bits & 255;
    state.set(mid);
    for (i = 0; i < blocks; i += 64) { compress(state, buf, i); }
    if ((state[0] >>> 0) < limit) {
      return {solution: digits, iterations: n + 1, millis: Date.now() - start};
    }
  }
}

self.onmessage = function (event) {
  var d = event.data || {};
  self.postMessage(solve(String(d.challenge), Number(d.difficulty)));
};
