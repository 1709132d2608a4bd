package web

import (
	"sort"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/service"
)

func splitN(s, sep string, n int) []string { return strings.SplitN(s, sep, n) }

// sortLines orders grid cells by date and care type, as the form shows them.
func sortLines(ls []service.DeclLineInput) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].Date != ls[j].Date {
			return ls[i].Date < ls[j].Date
		}
		return ls[i].CareType < ls[j].CareType
	})
}
