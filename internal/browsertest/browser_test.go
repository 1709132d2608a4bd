package browsertest

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test</title>
<style>
  body { font-family: sans-serif; }
  #layout::after { content: "desktop"; }
  @media (max-width: 599px) { #layout::after { content: "phone"; } }
</style>
</head>
<body>
<span id="layout"></span>
{{if .}}<p id="result">Hallo {{.}}</p>{{end}}
<form method="post" action="/">
  <label for="name">Naam</label>
  <input id="name" name="name" autocomplete="off">
  <button id="submit" type="submit">Verstuur</button>
</form>
</body>
</html>`))

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		name := ""
		if r.Method == http.MethodPost {
			name = strings.TrimSpace(r.PostFormValue("name"))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = page.Execute(w, name)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFormOnPhoneViewport(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := NewContext(t, 390, 844)
	defer cancel()

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(chromedp.ID("name")),
	); err != nil {
		t.Fatal(err)
	}

	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != 390 {
		t.Errorf("window.innerWidth = %d, want 390", width)
	}
	layout, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`getComputedStyle(document.getElementById("layout"), "::after").content`))
	if err != nil {
		t.Fatal(err)
	}
	if layout != `"phone"` {
		t.Errorf("CSS media query sees layout %s, want \"phone\"", layout)
	}

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("name"), "Marieke"),
		chromedp.Click(chromedp.ID("submit")),
		chromedp.WaitVisible(chromedp.ID("result")),
	); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "after-submit")

	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("result")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "Hallo Marieke" {
		t.Errorf("result = %q, want %q", got, "Hallo Marieke")
	}
}

func TestDesktopViewport(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := NewContext(t, 1280, 800)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != 1280 {
		t.Errorf("window.innerWidth = %d, want 1280", width)
	}
}

func TestFindChromiumRespectsExplicitMissingPath(t *testing.T) {
	t.Setenv("PGB_CHROMIUM", "/nonexistent/chromium")
	if p := FindChromium(); p != "" {
		t.Errorf("FindChromium() = %q, want \"\" for a missing PGB_CHROMIUM", p)
	}
}
