package domain

import (
	_ "embed"
	"slices"
	"strings"
)

// Municipality is a Dutch gemeente: its CBS code ("GM0344") and name.
type Municipality struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

//go:embed gemeenten.txt
var gemeentenText string

// Gemeenten lists the Dutch gemeenten by name (gemeenten.txt: CBS's
// indeling on 1 January 2024, 342 gemeenten).
var Gemeenten = func() []Municipality {
	var out []Municipality
	for _, line := range strings.Split(gemeentenText, "\n") {
		code, name, ok := strings.Cut(strings.TrimSpace(line), ";")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, Municipality{Code: code, Name: name})
	}
	slices.SortFunc(out, func(a, b Municipality) int { return strings.Compare(foldName(a.Name), foldName(b.Name)) })
	return out
}()

var gemeenteByKey = func() map[string]Municipality {
	m := map[string]Municipality{}
	for _, g := range Gemeenten {
		m[strings.ToUpper(g.Code)] = g
		m[foldName(g.Name)] = g
		// "Den Haag" and "Den Bosch" as people say them; "Bergen" alone is ambiguous.
		if short, _, ok := strings.Cut(g.Name, " ("); ok && g.Name != "Bergen (L.)" && g.Name != "Bergen (NH.)" {
			m[foldName(short)] = g
		}
	}
	m[foldName("Den Haag")] = m["GM0518"]
	m[foldName("Den Bosch")] = m["GM0796"]
	return m
}()

// foldName is a name as compared: lower case, without accents, spaces
// and punctuation collapsed.
func foldName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("â", "a", "á", "a", "ú", "u", "é", "e", "ë", "e", "ï", "i", "’", "'", "-", " ", ".", "", ",", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// LookupGemeente finds a gemeente by its CBS code ("GM0344", "gm0344") or
// its name as written or commonly said ("Utrecht", "Den Haag").
func LookupGemeente(s string) (Municipality, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Municipality{}, false
	}
	if g, ok := gemeenteByKey[strings.ToUpper(s)]; ok {
		return g, true
	}
	g, ok := gemeenteByKey[foldName(s)]
	return g, ok
}

// GemeenteName is the name of the gemeente with code, or the code itself.
func GemeenteName(code string) string {
	if g, ok := gemeenteByKey[strings.ToUpper(code)]; ok {
		return g.Name
	}
	return code
}

// SuggestGemeenten are up to n gemeenten whose name starts with what was
// typed, or contains it, or is within two typing errors of it: to help
// after a typo.
func SuggestGemeenten(s string, n int) []string {
	f := foldName(s)
	if len(f) < 2 {
		return nil
	}
	var pre, in []string
	near := [3][]string{}
	for _, g := range Gemeenten {
		name := foldName(g.Name)
		switch {
		case strings.HasPrefix(name, f):
			pre = append(pre, g.Name)
		case strings.Contains(name, f):
			in = append(in, g.Name)
		case len(f) >= 4:
			if d := editDistance(f, name, 2); d <= 2 {
				near[d] = append(near[d], g.Name)
			}
		}
	}
	out := append(append(append(pre, in...), near[1]...), near[2]...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// editDistance is the number of typing errors between a and b (a letter
// added, left out, changed, or two swapped), or max+1 when it is more
// than max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return min(rows[len(ra)][len(rb)], max+1)
}

// ParseGemeenten reads a list of gemeenten typed one a line or separated by
// semicolons (names may hold commas: "Nuenen, Gerwen en Nederwetten"; a
// comma separates only when the whole is not one name). It returns the
// codes found, in order and once each, and what it did not know.
func ParseGemeenten(s string) (codes []string, unknown []string) {
	for _, part := range splitList(s) {
		if g, ok := LookupGemeente(part); ok {
			if !slices.Contains(codes, g.Code) {
				codes = append(codes, g.Code)
			}
			continue
		}
		unknown = append(unknown, part)
	}
	return codes, unknown
}

func splitList(s string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' || r == '\r' }) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if _, ok := LookupGemeente(line); ok || !strings.Contains(line, ",") {
			out = append(out, line)
			continue
		}
		for _, p := range strings.Split(line, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
