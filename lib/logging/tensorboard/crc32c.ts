/**
 * CRC32C (Castagnoli) and the "masked" CRC that TFRecord files store.
 *
 * The CRC itself comes from the pure-JS `crc-32` package (`crc-32/crc32c`); the mask is the one
 * TensorFlow applies so that a CRC stored inside CRC-protected data does not collide with itself:
 * `((crc >>> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32)`, see
 * https://github.com/tensorflow/tensorflow/blob/master/tensorflow/core/lib/hash/crc32c.h (Mask).
 * Deliberately differs from TensorFlow: no native SSE4.2 path; speed is not a concern for logs.
 */

import * as CRC32C from 'crc-32/crc32c';

const MASK_DELTA = 0xa282ead8;

/**
 * CRC32C of `bytes` as an unsigned 32-bit number (CRC32C("123456789") = 0xE3069283).
 * @param bytes the data to checksum
 */
export function crc32c(bytes: Uint8Array): number {
  return CRC32C.buf(bytes) >>> 0;
}

/**
 * Applies TFRecord's CRC mask: rotate right by 15 bits, then add 0xa282ead8 modulo 2^32.
 * @param crc an unsigned 32-bit CRC
 * @returns the masked CRC, unsigned 32-bit
 */
export function maskCrc(crc: number): number {
  const rotated = ((crc >>> 15) | (crc << 17)) >>> 0;
  return (rotated + MASK_DELTA) >>> 0;
}

/** Masked CRC32C of `bytes`, as stored in TFRecord framing. */
export function maskedCrc32c(bytes: Uint8Array): number {
  return maskCrc(crc32c(bytes));
}
