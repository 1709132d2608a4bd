package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// bsn makes a random 9-digit number that passes the 11-proef (weights 9..2
// and −1), not in used; it adds it to used.
func bsn(r *rand.Rand, used map[string]bool) string {
	for {
		n := 10_000_000 + r.IntN(90_000_000) // 8 digits, the 9th is the check
		s := strconv.Itoa(n)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(s[i]-'0') * (9 - i)
		}
		check := sum % 11
		if check == 10 || sum-check == 0 {
			continue
		}
		s += strconv.Itoa(check)
		if !used[s] {
			used[s] = true
			return s
		}
	}
}

// banks are Dutch bank codes as they appear in IBANs.
var banks = []string{"INGB", "INGB", "INGB", "RABO", "RABO", "RABO", "ABNA", "ABNA", "SNSB", "ASNB", "TRIO", "BUNQ", "KNAB", "RBRB"}

// iban makes a Dutch IBAN (18 characters, valid mod 97) not in used, and
// adds it to used.
func iban(r *rand.Rand, used map[string]bool) string {
	for {
		bank := banks[r.IntN(len(banks))]
		acct := fmt.Sprintf("%010d", r.Int64N(10_000_000_000))
		// Check digits: 98 − (BBAN + "NL00", letters as numbers) mod 97.
		m := 0
		for _, c := range bank + acct + "NL00" {
			if c >= 'A' && c <= 'Z' {
				m = (m*100 + int(c-'A') + 10) % 97
			} else {
				m = (m*10 + int(c-'0')) % 97
			}
		}
		s := fmt.Sprintf("NL%02d%s%s", 98-m, bank, acct)
		if !used[s] {
			used[s] = true
			return s
		}
	}
}

// eightDigits makes a unique 8-digit code (AGB or KvK number) with the
// given first digits, from a counter.
func eightDigits(prefix int, n int64) string {
	return fmt.Sprintf("%02d%06d", prefix, n%1_000_000)
}

// Names, streets and places: common in the Netherlands (CBS lists of
// frequent family names), fictitious as combinations.
var (
	initials = []string{"A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I.", "J.", "K.", "L.", "M.", "N.", "P.", "R.", "S.", "T.", "W.", "Y.",
		"A.M.", "J.P.", "M.C.", "H.J.", "C.W.", "J.H.", "A.J.", "M.E.", "P.J.", "G.H."}
	families = []struct{ prefix, name string }{
		{"de", "Jong"}, {"", "Jansen"}, {"de", "Vries"}, {"van den", "Berg"}, {"van", "Dijk"}, {"", "Bakker"}, {"", "Janssen"},
		{"", "Visser"}, {"", "Smit"}, {"", "Meijer"}, {"de", "Boer"}, {"", "Mulder"}, {"de", "Groot"}, {"", "Bos"}, {"", "Vos"},
		{"", "Peters"}, {"", "Hendriks"}, {"van", "Leeuwen"}, {"", "Dekker"}, {"", "Brouwer"}, {"de", "Wit"}, {"", "Dijkstra"},
		{"", "Smits"}, {"de", "Graaf"}, {"van der", "Meer"}, {"van der", "Linden"}, {"", "Kok"}, {"", "Jacobs"}, {"de", "Haan"},
		{"", "Vermeulen"}, {"van den", "Heuvel"}, {"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"}, {"de", "Bruin"},
		{"van der", "Heijden"}, {"", "Schouten"}, {"van", "Beek"}, {"", "Willems"}, {"van", "Vliet"}, {"van de", "Ven"},
		{"", "Hoekstra"}, {"", "Maas"}, {"", "Verhoeven"}, {"", "Koster"}, {"van", "Dam"}, {"van der", "Wal"}, {"", "Prins"},
		{"", "Blom"}, {"", "Huisman"}, {"", "Peeters"}, {"de", "Lange"}, {"", "Kuipers"}, {"van", "Wijk"}, {"", "Postma"},
		{"", "Kramer"}, {"van den", "Bosch"}, {"", "Scholten"}, {"", "Veenstra"}, {"", "Evers"}, {"", "Sarmo"}, {"", "Yilmaz"},
		{"", "Kaya"}, {"El", "Amrani"}, {"", "Bouzid"}, {"", "Nguyen"}, {"", "Öztürk"}, {"", "Ramdin"}, {"", "Tahiri"},
		{"", "Wouters"}, {"", "Post"}, {"", "Timmermans"}, {"", "Groen"}, {"", "Gerritsen"}, {"", "Sanders"}, {"ter", "Horst"},
	}
	streets = []string{"Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Julianastraat", "Wilhelminastraat", "Beatrixlaan",
		"Prinses Irenestraat", "Lindelaan", "Eikenlaan", "Stationsweg", "Parkweg", "Nieuwstraat", "Hoofdstraat", "Tulpstraat",
		"Rozenstraat", "Kastanjelaan", "Oranjestraat", "Merelstraat", "Sportlaan", "Berkenlaan", "Vondelstraat", "Burgemeester Smitlaan"}
	trees = []string{"Linde", "Eik", "Beuk", "Wilg", "Esdoorn", "Kastanje", "Hazelaar", "Vlinder", "Zonnebloem", "Regenboog", "Horizon"}
)

// place is a municipality: its gemeente code, the Wlz region's care
// office, the first postcode digits and its weight (about its population).
type place struct {
	city, gemeente, code string
	zk, zkCode           string
	pc0, pc1             int // postcode range (4 digits)
	weight               int
}

var places = []place{
	{"Amsterdam", "Gemeente Amsterdam", "GM0363", "Zorgkantoor Amsterdam", "ZK-AMS", 1011, 1109, 93},
	{"Rotterdam", "Gemeente Rotterdam", "GM0599", "Zorgkantoor Rotterdam", "ZK-RTD", 3011, 3089, 66},
	{"Den Haag", "Gemeente 's-Gravenhage", "GM0518", "Zorgkantoor Haaglanden", "ZK-HGL", 2491, 2599, 56},
	{"Utrecht", "Gemeente Utrecht", "GM0344", "Zorgkantoor Midden-Nederland", "ZK-MN", 3511, 3585, 37},
	{"Eindhoven", "Gemeente Eindhoven", "GM0772", "Zorgkantoor Zuidoost-Brabant", "ZK-ZOB", 5611, 5658, 24},
	{"Groningen", "Gemeente Groningen", "GM0014", "Zorgkantoor Groningen", "ZK-GRN", 9711, 9747, 24},
	{"Tilburg", "Gemeente Tilburg", "GM0855", "Zorgkantoor Midden-Brabant", "ZK-MB", 5011, 5049, 23},
	{"Almere", "Gemeente Almere", "GM0034", "Zorgkantoor Flevoland", "ZK-FLE", 1311, 1365, 22},
	{"Breda", "Gemeente Breda", "GM0758", "Zorgkantoor West-Brabant", "ZK-WB", 4811, 4839, 19},
	{"Nijmegen", "Gemeente Nijmegen", "GM0268", "Zorgkantoor Nijmegen", "ZK-NIJ", 6511, 6546, 18},
	{"Zwolle", "Gemeente Zwolle", "GM0193", "Zorgkantoor Zwolle", "ZK-ZWO", 8011, 8043, 13},
	{"Maastricht", "Gemeente Maastricht", "GM0935", "Zorgkantoor Zuid-Limburg", "ZK-ZL", 6211, 6229, 12},
}

// insurers are health insurers (Zvw), by UZOVI code.
var insurers = []struct{ name, code string }{
	{"Zilveren Kruis Zorgverzekeringen", "UZOVI-3311"}, {"CZ Zorgverzekeringen", "UZOVI-9664"},
	{"VGZ Zorgverzekeraar", "UZOVI-7095"}, {"Menzis Zorgverzekeraar", "UZOVI-3332"},
}

func postcode(r *rand.Rand, p place) string {
	return fmt.Sprintf("%d %c%c", p.pc0+r.IntN(p.pc1-p.pc0+1), 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26)))
}
