package imaging

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

// pngHeader is a PNG that claims w×h at depth bits per channel of RGBA and carries
// almost no pixels: what a decompression bomb looks like before it is decoded.
func pngHeader(w, h uint32, depth byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, 6
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func TestBombRefusedBeforeDecoding(t *testing.T) {
	// 7000×7000 at 16 bits per channel: 49 megapixels, under the pixel cap, 392 MB decoded.
	// Refused from its header: a decode would have failed on the missing pixels instead.
	if _, err := Process(context.Background(), pngHeader(7000, 7000, 16), "menu"); code(err) != errs.CodePayloadTooLarge {
		t.Fatalf("16-bit bomb: %v, want PAYLOAD_TOO_LARGE", err)
	}
	if _, err := Process(context.Background(), pngHeader(6000, 6000, 8), "menu"); code(err) != errs.CodePayloadTooLarge {
		t.Fatalf("8-bit 144 MB picture: %v, want PAYLOAD_TOO_LARGE", err)
	}
	// Within the budget the decoder runs (and fails on the missing pixels).
	if _, err := Process(context.Background(), pngHeader(4000, 3000, 8), "menu"); code(err) != errs.CodeValidation {
		t.Fatalf("48 MB picture: %v, want it decoded (and found broken)", err)
	}
}

func TestDecodeBytesFromHeaders(t *testing.T) {
	var baseline bytes.Buffer
	_ = jpeg.Encode(&baseline, sample(100, 60), nil) // 4:2:0: a 104×64 luma plane, two 56×32 chroma planes
	cfg, _ := jpeg.DecodeConfig(bytes.NewReader(baseline.Bytes()))
	want := int64(112*64 + 2*56*32)
	if got := decodeBytes(baseline.Bytes(), cfg); got != want {
		t.Fatalf("baseline JPEG: %d bytes, want %d", got, want)
	}
	progressive := bytes.Replace(baseline.Bytes(), []byte{0xFF, 0xC0}, []byte{0xFF, 0xC2}, 1)
	if got := decodeBytes(progressive, cfg); got != 5*want {
		t.Fatalf("progressive JPEG: %d bytes, want %d (samples and their coefficients)", got, 5*want)
	}
	cfg16 := image.Config{ColorModel: color.NRGBA64Model, Width: 10, Height: 10}
	if got := decodeBytes(pngHeader(10, 10, 16), cfg16); got != 800 {
		t.Fatalf("16-bit PNG: %d", got)
	}
}

// jpegHeader is the start of a JPEG of w×h with n full-resolution components, with an
// Adobe APP14 segment of transform t when adobe.
func jpegHeader(w, h uint16, n byte, adobe bool, t byte) []byte {
	b := []byte{0xFF, 0xD8}
	if adobe {
		b = append(b, 0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, t)
	}
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), n}
	for c := range n {
		sof = append(sof, c+1, 0x11, 0)
	}
	b = append(b, 0xFF, 0xC0, 0, byte(len(sof)+2))
	b = append(b, sof...)
	return append(b, 0xFF, 0xDA, 0, 2)
}

func TestDecodeBytesCountsConversionsAndPasses(t *testing.T) {
	px := int64(64 * 64)
	for name, c := range map[string]struct {
		data []byte
		want int64
	}{
		"YCbCr":     {jpegHeader(64, 64, 3, false, 0), 3 * px},
		"Adobe RGB": {jpegHeader(64, 64, 3, true, 0), 3*px + 4*px},
		"CMYK":      {jpegHeader(64, 64, 4, true, 2), 4*px + 4*px},
	} {
		if got := decodeBytes(c.data, image.Config{Width: 64, Height: 64, ColorModel: color.YCbCrModel}); got != c.want {
			t.Errorf("%s: %d bytes, want %d", name, got, c.want)
		}
	}
	interlaced := pngHeader(64, 64, 8)
	interlaced[28] = 1
	cfg := image.Config{Width: 64, Height: 64, ColorModel: color.NRGBAModel}
	if got := decodeBytes(interlaced, cfg); got != 2*4*px {
		t.Errorf("interlaced PNG: %d bytes, want %d (the passes and the image)", got, 2*4*px)
	}
	if got := decodeBytes(pngHeader(64, 64, 8), cfg); got != 4*px {
		t.Errorf("PNG: %d bytes, want %d", got, 4*px)
	}
}

func TestAreaAverageIsExact(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 1))
	for x, v := range []uint8{0, 90, 240} {
		src.SetRGBA(x, 0, color.RGBA{v, v, v, 255})
	}
	dst := image.NewRGBA(image.Rect(0, 0, 2, 1))
	areaAverage(dst, src)
	// Each target pixel covers one and a half source pixels.
	if got := []uint8{dst.Pix[0], dst.Pix[4]}; got[0] != 30 || got[1] != 190 {
		t.Fatalf("averages %v, want [30 190]", got)
	}
	clearPx := image.NewNRGBA(image.Rect(0, 0, 4, 4)) // transparent: white shows through
	out := Fit(clearPx, 2, 2).(*image.RGBA)
	for i, v := range out.Pix {
		if v != 255 {
			t.Fatalf("transparent picture byte %d = %d, want white", i, v)
		}
	}
}

func TestGateGivesUpWhenBusy(t *testing.T) {
	g := newGate(1, 20*time.Millisecond)
	release, err := g.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.acquire(context.Background()); err != ErrBusy {
		t.Fatalf("second decode while one runs: %v, want ErrBusy", err)
	}
	// A caller that leaves while waiting gives its place up at once.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	slow := newGate(1, time.Hour)
	hold, _ := slow.acquire(context.Background())
	if _, err := slow.acquire(gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("waiting for a gone caller: %v", err)
	}
	hold()
	release()
	if r, err := g.acquire(context.Background()); err != nil {
		t.Fatal(err)
	} else {
		r()
	}
}

// gradient computes its pixels on demand, so encoding a huge test picture needs no
// memory for it.
type gradient struct{ w, h int }

func (g gradient) ColorModel() color.Model { return color.NRGBAModel }
func (g gradient) Bounds() image.Rectangle { return image.Rect(0, 0, g.w, g.h) }
func (g gradient) At(x, y int) color.Color {
	return color.NRGBA{uint8(x * 255 / g.w), uint8(y * 255 / g.h), uint8((x ^ y) & 255), 200}
}

// BenchmarkWorstCaseUploads processes 8 of the largest pictures the budget accepts at
// once (5000×5000 RGBA PNG: 100 MB decoded each) and reports the process's peak
// resident memory while doing so.
//
//	go test -run '^$' -bench WorstCaseUploads -benchtime 1x ./internal/kit/imaging/
func BenchmarkWorstCaseUploads(b *testing.B) {
	var in bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&in, gradient{5000, 5000}); err != nil {
		b.Fatal(err)
	}
	if in.Len() > MaxUploadBytes {
		b.Fatalf("test picture is %d bytes, over the upload limit", in.Len())
	}
	data := in.Bytes()
	resetPeakRSS(b)
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if _, err := Process(context.Background(), data, "menu"); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(peakRSS(b))/(1<<20), "peak-RSS-MiB")
}

func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Skip("peak RSS cannot be reset here:", err)
	}
}

func peakRSS(b *testing.B) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
