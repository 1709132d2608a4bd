package web

import (
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

func init() {
	funcs["laws"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, l := range domain.Laws {
			out = append(out, [2]string{string(l), l.Label()})
		}
		return out
	}
	funcs["repKinds"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, k := range domain.RepresentationKinds {
			out = append(out, [2]string{string(k), i18n.T(lang, "rep.kind."+string(k))})
		}
		return out
	}
	funcs["providerKinds"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, k := range domain.ProviderKinds {
			out = append(out, [2]string{string(k), i18n.T(lang, "provider.kind."+string(k))})
		}
		return out
	}
	funcs["allRoles"] = func(lang string) [][2]string {
		var out [][2]string
		for _, r := range []domain.Role{domain.RoleVerstrekker, domain.RoleSVB, domain.RoleAdmin, domain.RoleProvider, domain.RoleBudgetHolder} {
			out = append(out, [2]string{string(r), i18n.T(lang, "role."+string(r))})
		}
		return out
	}
	funcs["agreementKinds"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, k := range domain.AgreementKinds {
			out = append(out, [2]string{string(k), i18n.T(lang, "agreement.kind."+string(k))})
		}
		return out
	}
	funcs["careTypes"] = func(lang string) [][2]string {
		out := [][2]string{{"", "–"}}
		for _, c := range domain.CareTypes {
			out = append(out, [2]string{c, i18n.T(lang, "care."+c)})
		}
		return out
	}
	funcs["units"] = func(lang string) [][2]string {
		var out [][2]string
		for _, u := range domain.Units {
			out = append(out, [2]string{string(u), i18n.T(lang, "unit."+string(u))})
		}
		return out
	}
	funcs["pers"] = func(lang string) [][2]string {
		return [][2]string{{string(domain.PerWeek), i18n.T(lang, "per.week")}, {string(domain.PerMonth), i18n.T(lang, "per.maand")}}
	}
	funcs["units100"] = func(lang string, n int64) string {
		s := domain.Cents(n).Plain(lang)
		return strings.TrimSuffix(strings.TrimSuffix(s, "00"), map[string]string{"nl": ",", "en": "."}[lang])
	}
	funcs["stateBadge"] = func(s domain.AgreementState) string {
		switch s {
		case domain.StateApproved:
			return "badge--success"
		case domain.StateRejected:
			return "badge--error"
		case domain.StateSigning, domain.StateSigned:
			return "badge--warning"
		case domain.StateSubmitted:
			return "badge--info"
		}
		return "badge--neutral"
	}
	funcs["notice"] = func(lang, key string, args []string) string {
		a := make([]any, len(args))
		for i, v := range args {
			a[i] = v
		}
		return i18n.T(lang, key, a...)
	}
	funcs["diff"] = func(lang string, old, new domain.AgreementTerms) []domain.TermChange {
		return domain.DiffTerms(old, new, lang)
	}
	funcs["slice7"] = func(s string) string {
		if len(s) > 7 {
			return s[:7]
		}
		return s
	}
	funcs["weekday"] = func(lang string, d domain.Date) string {
		nl := [7]string{"zo", "ma", "di", "wo", "do", "vr", "za"}
		en := [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
		if lang == "en" {
			return en[d.Time().Weekday()]
		}
		return nl[d.Time().Weekday()]
	}
	funcs["tr"] = func(lang, key string, args []any) string { return i18n.T(lang, key, args...) }
	// entry: a month as people write it, "november 2026".
	funcs["monthName"] = func(lang string, d domain.Date) string { return domain.MonthOf(d).Format(lang) }
	funcs["finding"] = func(lang string, f domain.Finding) string { return i18n.T(lang, "check."+f.Code, f.Args...) }
	funcs["declBadge"] = func(s domain.DeclarationState) string {
		switch s {
		case domain.DeclAccepted, domain.DeclPaid:
			return "badge--success"
		case domain.DeclRefused, domain.DeclRejectedH:
			return "badge--error"
		case domain.DeclAtHolder, domain.DeclHeld:
			return "badge--warning"
		}
		return "badge--neutral"
	}
	funcs["staffRoles"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "admin.no_role")}}
		for _, r := range []domain.Role{domain.RoleVerstrekker, domain.RoleSVB, domain.RoleAdmin} {
			out = append(out, [2]string{string(r), i18n.T(lang, "role."+string(r))})
		}
		return out
	}
}
