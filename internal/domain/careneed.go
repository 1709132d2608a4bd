package domain

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The care-need questionnaire (zorgbehoefte), in the spirit of
// welkezorghebiknodig.nl: a few pages of questions on daily life, each
// answered with how much help is needed, and a note per page. It produces a
// report to take to the gemeente or zorgkantoor; it is its author's alone
// and has no effect on any grant.

// NeedSection is one page of the questionnaire.
type NeedSection struct {
	Key       string
	Questions []string // question keys, unique over all sections
}

// NeedSections are the pages, in order.
var NeedSections = []NeedSection{
	{Key: "zelfzorg", Questions: []string{"wassen", "aankleden", "eten", "medicijnen"}},
	{Key: "huishouden", Questions: []string{"schoonmaken", "koken", "boodschappen", "geldzaken"}},
	{Key: "school_werk", Questions: []string{"dagritme", "taken", "samenwerken"}},
	{Key: "sociaal", Questions: []string{"contact", "vrije_tijd", "veiligheid"}},
	{Key: "vervoer", Questions: []string{"binnen", "buiten", "reizen"}},
	{Key: "nacht", Questions: []string{"slapen", "toezicht", "nachtzorg"}},
}

// NeedLevels are the answers to a question: how much help is needed.
var NeedLevels = []string{"zelf", "soms", "vaak", "altijd"}

// MaxNeedNote is the length of a page's note, in characters.
const MaxNeedNote = 2000

// NeedAnswers are what was answered: a level by question key, a note by
// section key. What was not answered is not there.
type NeedAnswers struct {
	Levels map[string]string `json:"levels"`
	Notes  map[string]string `json:"notes"`
}

// NeedSectionAt is section n (1-based) of the questionnaire.
func NeedSectionAt(n int) (NeedSection, bool) {
	if n < 1 || n > len(NeedSections) {
		return NeedSection{}, false
	}
	return NeedSections[n-1], true
}

// SetNeedPage records the answers of one page (section n): a level for each
// question answered, an empty level clears it; the note likewise. Unknown
// questions or levels are refused, each at its field.
func (a *NeedAnswers) SetNeedPage(n int, levels map[string]string, note string) error {
	sec, ok := NeedSectionAt(n)
	if !ok {
		return NotFound("page")
	}
	var v Validation
	for q, l := range levels {
		if !slices.Contains(sec.Questions, q) {
			v.Add(q, "invalid")
		} else if l != "" && !slices.Contains(NeedLevels, l) {
			v.Add(q, "invalid")
		}
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNeedNote {
		v.Add("note", "too_long", MaxNeedNote)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if a.Levels == nil {
		a.Levels = map[string]string{}
	}
	if a.Notes == nil {
		a.Notes = map[string]string{}
	}
	for _, q := range sec.Questions {
		if l, sent := levels[q]; sent {
			if l == "" {
				delete(a.Levels, q)
			} else {
				a.Levels[q] = l
			}
		}
	}
	if note == "" {
		delete(a.Notes, sec.Key)
	} else {
		a.Notes[sec.Key] = note
	}
	return nil
}

// NeedReportSection is one section of the report: the questions answered,
// in order, and the note.
type NeedReportSection struct {
	Key     string
	Answers [][2]string // question key, level
	Note    string
}

// NeedReport is the report of what was answered, and nothing else: only
// sections with an answer or a note, only answered questions.
func NeedReport(a NeedAnswers) []NeedReportSection {
	var out []NeedReportSection
	for _, sec := range NeedSections {
		r := NeedReportSection{Key: sec.Key, Note: a.Notes[sec.Key]}
		for _, q := range sec.Questions {
			if l := a.Levels[q]; l != "" {
				r.Answers = append(r.Answers, [2]string{q, l})
			}
		}
		if len(r.Answers) > 0 || r.Note != "" {
			out = append(out, r)
		}
	}
	return out
}

// Answered counts the questions answered.
func (a NeedAnswers) Answered() int { return len(a.Levels) }
