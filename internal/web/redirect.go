package web

import (
	"strings"
	"unicode/utf8"
)

// localTarget decides every redirect target that comes from outside (the
// language switch's terug, the page asked for before login): it returns
// target when it is a path on this site, else fallback. A local path starts
// with one "/" and is followed by neither "/" nor "\" (browsers read "//x"
// and "/\x" as another host); it has no backslash or control character
// anywhere, nor any of these in percent-encoded form, however often
// encoded (a target may be decoded again on its way). The target itself is
// printable ASCII, as a URL on the wire is. A scheme ("http:",
// "javascript:") cannot occur, as the target must start with "/".
func localTarget(target, fallback string) string {
	if !isLocalPath(target) {
		return fallback
	}
	return target
}

func isLocalPath(target string) bool {
	if len(target) > 2048 {
		return false
	}
	for i := 0; i < len(target); i++ {
		if target[i] < 0x20 || target[i] >= 0x7f {
			return false
		}
	}
	s := target
	for range 4 { // the target and up to three levels of decoding
		if !localForm(s) {
			return false
		}
		d := unescapeLenient(s)
		if d == s {
			return true
		}
		s = d
	}
	return false // still encoded after four levels: not a plain path
}

// localForm checks one form of a target: starts with "/", no "//" or "/\"
// at the start, no backslash or control character anywhere.
func localForm(s string) bool {
	if s == "" || s[0] != '/' {
		return false
	}
	if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == '\\' || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// unescapeLenient decodes every valid %XX of s and leaves the rest as it
// is, as a lenient decoder on the way might.
func unescapeLenient(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
