// Package certs is a small certificate authority for provider login by
// client certificate, the role VECOZO certificates play for Dutch care
// providers: a CA issues a certificate to an AGB code (in the subject's
// serialNumber), the portal's HTTPS listener asks for it, and a valid one
// that is not revoked logs its provider in. For the demo and the tests;
// production would trust the real issuer's CA the same way.
package certs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// CA is a loaded certificate authority.
type CA struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// NewCA makes a self-signed CA valid for years from now.
func NewCA(name string, now time.Time, years int) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: randomSerial(), Subject: pkix.Name{CommonName: name, Organization: []string{"pgbportaal"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(years, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err = encodeKey(key)
	return encode("CERTIFICATE", der), keyPEM, err
}

// LoadCA reads a CA's certificate and key.
func LoadCA(certPEM, keyPEM []byte) (*CA, error) {
	cert, err := ParseCert(certPEM)
	if err != nil {
		return nil, err
	}
	b, _ := pem.Decode(keyPEM)
	if b == nil {
		return nil, errors.New("certs: no PEM key")
	}
	key, err := x509.ParseECPrivateKey(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("certs: CA key: %w", err)
	}
	return &CA{Cert: cert, key: key}, nil
}

// Issued is a new client certificate.
type Issued struct {
	CertPEM, KeyPEM []byte
	Serial          string
	AGB             string
	NotBefore       time.Time
	NotAfter        time.Time
}

// Issue makes a client certificate for the provider with this AGB code.
func (ca *CA) Issue(agb, name string, notBefore, notAfter time.Time) (Issued, error) {
	agb = strings.TrimSpace(agb)
	if len(agb) != 8 || strings.Trim(agb, "0123456789") != "" {
		return Issued{}, errors.New("certs: an AGB code has 8 digits")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Issued{}, err
	}
	serial := randomSerial()
	tmpl := &x509.Certificate{SerialNumber: serial,
		Subject:   pkix.Name{CommonName: name, SerialNumber: "AGB-" + agb, Organization: []string{name}},
		NotBefore: notBefore, NotAfter: notAfter, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.key)
	if err != nil {
		return Issued{}, err
	}
	keyPEM, err := encodeKey(key)
	if err != nil {
		return Issued{}, err
	}
	return Issued{CertPEM: encode("CERTIFICATE", der), KeyPEM: keyPEM, Serial: SerialOf(tmpl), AGB: agb, NotBefore: notBefore, NotAfter: notAfter}, nil
}

// AGBOf reads the AGB code a certificate was issued to.
func AGBOf(c *x509.Certificate) (string, bool) {
	agb, ok := strings.CutPrefix(c.Subject.SerialNumber, "AGB-")
	return agb, ok && len(agb) == 8
}

// SerialOf is a certificate's serial number in hex.
func SerialOf(c *x509.Certificate) string { return hex.EncodeToString(c.SerialNumber.Bytes()) }

// ParseCert reads one PEM certificate.
func ParseCert(p []byte) (*x509.Certificate, error) {
	b, _ := pem.Decode(p)
	if b == nil || b.Type != "CERTIFICATE" {
		return nil, errors.New("certs: no PEM certificate")
	}
	return x509.ParseCertificate(b.Bytes)
}

func randomSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	return n.Add(n, big.NewInt(1))
}

func encode(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func encodeKey(k *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		return nil, err
	}
	return encode("EC PRIVATE KEY", der), nil
}
