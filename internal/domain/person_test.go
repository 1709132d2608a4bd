package domain

import "testing"

func TestSameRegisterPerson(t *testing.T) {
	known := BudgetHolder{Initials: "J.", Prefix: "de", FamilyName: "Vries", BirthDate: MustDate("1958-04-02")}
	for _, c := range []struct {
		name  string
		typed BudgetHolder
		same  bool
	}{
		{"as registered", BudgetHolder{Prefix: "de", FamilyName: "Vries", BirthDate: MustDate("1958-04-02")}, true},
		{"prefix typed in the family name", BudgetHolder{FamilyName: "de Vries", BirthDate: MustDate("1958-04-02")}, true},
		{"case and spacing", BudgetHolder{Prefix: "De", FamilyName: " VRIES ", BirthDate: MustDate("1958-04-02")}, true},
		{"other initials do not matter", BudgetHolder{Initials: "K.", Prefix: "de", FamilyName: "Vries", BirthDate: MustDate("1958-04-02")}, true},
		{"wrong birth date", BudgetHolder{Prefix: "de", FamilyName: "Vries", BirthDate: MustDate("2000-01-01")}, false},
		{"wrong family name", BudgetHolder{Prefix: "de", FamilyName: "Vos", BirthDate: MustDate("1958-04-02")}, false},
		{"prefix missing", BudgetHolder{FamilyName: "Vries", BirthDate: MustDate("1958-04-02")}, false},
		{"no birth date", BudgetHolder{Prefix: "de", FamilyName: "Vries"}, false},
	} {
		if got := SameRegisterPerson(c.typed, known); got != c.same {
			t.Errorf("%s: same = %v, want %v", c.name, got, c.same)
		}
	}
	accented := BudgetHolder{FamilyName: "Çelik-Öztürk", BirthDate: MustDate("1990-05-06")}
	if !SameRegisterPerson(BudgetHolder{FamilyName: "celik ozturk", BirthDate: MustDate("1990-05-06")}, accented) {
		t.Error("accents and hyphens should not matter")
	}
	if SameRegisterPerson(BudgetHolder{}, BudgetHolder{}) {
		t.Error("two empty records are no proof of anything")
	}
}

func TestMonthFormat(t *testing.T) {
	for _, c := range []struct{ lang, want string }{{"nl", "november 2026"}, {"en", "November 2026"}, {"de", "november 2026"}} {
		if got := MonthOf(MustDate("2026-11-23")).Format(c.lang); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
	if (Month{}).Format("nl") != "" {
		t.Error("a zero month has no name")
	}
}
