package auth

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
)

// JWK is one public key in the JSON Web Key format (RFC 8037 for Ed25519).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS is the document served at JWKSPath.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// PublicJWK describes an Ed25519 public key.
func PublicJWK(kid string, pub ed25519.PublicKey) JWK {
	return JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(pub),
		Kid: kid, Alg: Algorithm, Use: "sig"}
}

// Ed25519 returns the key, refusing anything but an Ed25519 signing key.
func (k JWK) Ed25519() (ed25519.PublicKey, error) {
	if k.Kty != "OKP" || k.Crv != "Ed25519" || k.Kid == "" {
		return nil, errors.New("jwks: not an Ed25519 key with a kid")
	}
	if k.Alg != "" && k.Alg != Algorithm {
		return nil, errors.New("jwks: key is not for EdDSA")
	}
	if k.Use != "" && k.Use != "sig" {
		return nil, errors.New("jwks: key is not for signatures")
	}
	b, err := base64.RawURLEncoding.DecodeString(k.X)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("jwks: bad Ed25519 public key")
	}
	return ed25519.PublicKey(b), nil
}
