package web

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

func TestCRCOfPiecesIsTheWholeTextsCRC(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 8, 255, 4096, 70_001} {
		a := make([]byte, rng.IntN(300))
		b := make([]byte, n)
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		whole := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		got := crcMul(crcShift(len(b)), crc32.ChecksumIEEE(a)) ^ crc32.ChecksumIEEE(b)
		if got != whole {
			t.Fatalf("%d then %d bytes: %08x, want %08x", len(a), n, got, whole)
		}
	}
}
