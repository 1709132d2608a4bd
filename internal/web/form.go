package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// form keeps what the user entered and the errors per field, so a refused
// form comes back with everything still filled in.
type form struct {
	lang    string
	Values  url.Values
	Errors  map[string]string
	Order   []string // fields with an error, in order, for the summary
	Message string   // an error about the form as a whole
}

// blankForm is a form with nothing entered yet.
func blankForm() *form { return &form{Errors: map[string]string{}, Values: url.Values{}} }

// newForm is the form the request sent.
func newForm(r *http.Request) *form {
	_ = r.ParseForm()
	return &form{Values: r.PostForm, Errors: map[string]string{}}
}

// Get is the entered value of a field.
func (f *form) Get(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Err is the error message of a field ("" when fine).
func (f *form) Err(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// HasErrors reports whether anything is wrong.
func (f *form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || f.Message != "") }

// setError records err on the form: field errors at their fields (named as
// in the service, which the form's input names follow), others as the
// form's message. It returns false when err is not about the input.
func (f *form) setError(lang string, err error) bool {
	e, ok := domain.AsError(err)
	if !ok || (e.Kind != domain.KindInvalid && e.Kind != domain.KindConflict && e.Kind != domain.KindTooMany && e.Kind != domain.KindUnauthenticated) {
		return false
	}
	for _, fe := range e.Fields {
		if _, dup := f.Errors[fe.Field]; !dup {
			f.Order = append(f.Order, fe.Field)
			f.Errors[fe.Field] = i18n.FieldMessage(lang, fe)
		}
	}
	if len(e.Fields) == 0 || e.Kind != domain.KindInvalid {
		f.Message = i18n.ErrorMessage(lang, err)
	}
	return true
}

// fieldOpts describe one input.
type fieldOpts struct {
	Name, Label, Type, Hint, Autocomplete, Inputmode, Size string
	Required, Prefix                                       bool
	Options                                                [][2]string // for selects: value, label
}

// Field renders label, hint, error and control of one form field, with the
// ids and aria attributes that tie them together.
func (f *form) Field(o fieldOpts) template.HTML {
	lang := "nl"
	if f != nil && f.lang != "" {
		lang = f.lang
	}
	esc := template.HTMLEscapeString
	id := "f-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(o.Name)
	var b strings.Builder
	errMsg := f.Err(o.Name)
	cls := "field"
	if errMsg != "" {
		cls += " field--error"
	}
	fmt.Fprintf(&b, `<div class="%s">`, cls)
	fmt.Fprintf(&b, `<label class="label" for="%s">%s`, id, esc(o.Label))
	if o.Required {
		fmt.Fprintf(&b, ` <span class="label__required" aria-hidden="true">*</span><span class="visually-hidden">(%s)</span>`, esc(i18n.T(lang, "form.required")))
	}
	b.WriteString(`</label>`)
	described := []string{}
	if o.Hint != "" {
		fmt.Fprintf(&b, `<p class="hint" id="%s-hint">%s</p>`, id, esc(o.Hint))
		described = append(described, id+"-hint")
	}
	if errMsg != "" {
		fmt.Fprintf(&b, `<p class="field-error" id="%s-error"><span class="field-error__prefix">%s</span> %s</p>`, id, esc(i18n.T(lang, "form.error_prefix")), esc(errMsg))
		described = append(described, id+"-error")
	}
	attrs := fmt.Sprintf(`id="%s" name="%s"`, id, esc(o.Name))
	if len(described) > 0 {
		attrs += fmt.Sprintf(` aria-describedby="%s"`, strings.Join(described, " "))
	}
	if errMsg != "" {
		attrs += ` aria-invalid="true"`
	}
	if o.Required {
		attrs += ` required`
	}
	if o.Autocomplete != "" {
		attrs += fmt.Sprintf(` autocomplete="%s"`, esc(o.Autocomplete))
	}
	if o.Inputmode != "" {
		attrs += fmt.Sprintf(` inputmode="%s"`, esc(o.Inputmode))
	}
	if len(o.Options) > 0 {
		fmt.Fprintf(&b, `<select class="select" %s>`, attrs)
		cur := f.Get(o.Name)
		for _, opt := range o.Options {
			sel := ""
			if opt[0] == cur {
				sel = " selected"
			}
			fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, esc(opt[0]), sel, esc(opt[1]))
		}
		b.WriteString(`</select></div>`)
		return template.HTML(b.String())
	}
	typ := o.Type
	if typ == "" {
		typ = "text"
	}
	icls := "input"
	if o.Size != "" {
		icls += " input--" + o.Size
	}
	if errMsg != "" {
		icls += " input--error"
	}
	val := ""
	if typ != "password" {
		val = f.Get(o.Name)
	}
	input := fmt.Sprintf(`<input class="%s" type="%s" %s value="%s">`, icls, typ, attrs, esc(val))
	if o.Prefix {
		input = `<div class="input-group"><span class="input-group__prefix" aria-hidden="true">€</span>` + input + `</div>`
	}
	b.WriteString(input)
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

// F builds fieldOpts in templates: F "name" "label" then key/value pairs
// ("type" "date", "hint" "...", "required" true, "size" "sm", ...).
func (v view) F(name, label string, kv ...any) template.HTML {
	o := fieldOpts{Name: name, Label: label}
	for i := 0; i+1 < len(kv); i += 2 {
		switch kv[i].(string) {
		case "type":
			o.Type = kv[i+1].(string)
		case "hint":
			o.Hint = kv[i+1].(string)
		case "required":
			o.Required = kv[i+1].(bool)
		case "size":
			o.Size = kv[i+1].(string)
		case "autocomplete":
			o.Autocomplete = kv[i+1].(string)
		case "inputmode":
			o.Inputmode = kv[i+1].(string)
		case "prefix":
			o.Prefix = kv[i+1].(bool)
		case "options":
			o.Options = kv[i+1].([][2]string)
		}
	}
	f := v.Form
	if f == nil {
		f = &form{lang: v.Lang}
	}
	return f.Field(o)
}

// FieldID is the id Field gives an input (for error summary links).
func (v view) FieldID(name string) string {
	if strings.HasPrefix(name, "u/") { // a cell of the month grid
		return strings.ReplaceAll(name, "/", "-")
	}
	return "f-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(name)
}
