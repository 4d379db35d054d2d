package blob

import "bytes"

// Image types accepted for uploads, recognised by their bytes.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
)

// SniffImage names the image type of b by its magic bytes, whatever the client
// claimed; ok is false for anything but JPEG, PNG or WebP.
func SniffImage(b []byte) (contentType string, ok bool) {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return JPEG, true
	case len(b) >= 8 && bytes.Equal(b[:8], []byte("\x89PNG\r\n\x1a\n")):
		return PNG, true
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return WebP, true
	}
	return "", false
}
