package web

// A CRC-32 of text made of pieces is had from the pieces' own checksums, as zlib's
// crc32_combine has it: the checksum of a then b is crcMul(crcShift(len(b)), crc(a))
// xor crc(b). A piece's shift is worked out once, so a stitched answer's checksum
// costs a few multiplications instead of reading the whole text again.

// crcPoly is the IEEE polynomial, bit-reversed, as hash/crc32 uses it.
const crcPoly = 0xedb88320

// crcMul multiplies a and b as polynomials modulo crcPoly (bit-reversed: the top
// bit is x^0).
func crcMul(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// crcShift is x^(8n) modulo crcPoly: multiplying a checksum by it carries the
// checksum past n more bytes.
func crcShift(n int) uint32 {
	p := uint32(1) << 31  // x^0
	sq := uint32(1) << 30 // x^1
	for range 3 {
		sq = crcMul(sq, sq) // x^8 at the end: one byte
	}
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			p = crcMul(sq, p)
		}
		sq = crcMul(sq, sq)
	}
	return p
}
