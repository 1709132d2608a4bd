// The month grid works without this script: the server shows each week's
// total and what is left of the budget after the declaration. This only
// updates those figures while the user types.
(function () {
  "use strict";
  var grid = document.getElementById("decl-grid");
  var budget = document.getElementById("budget-after");
  if (!grid && !budget) {
    return;
  }
  var form = (grid || budget).closest("form");
  var lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
  var money = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
  // "2,5" → 250 hundredths; "" or malformed → 0.
  function hundredths(s) {
    s = (s || "").trim();
    if (s.indexOf(",") >= 0) {
      s = s.replace(/\./g, "").replace(",", ".");
    }
    if (s === "" || !/^\d+(\.\d{0,2})?$/.test(s)) {
      return 0;
    }
    return Math.round(parseFloat(s) * 100);
  }
  function cents(units, rate) {
    return Math.round((units * rate) / 100);
  }
  function show(el, c) {
    if (el) {
      el.textContent = money.format(c / 100);
    }
  }
  function update() {
    var weeks = {};
    var total = 0;
    form.querySelectorAll("input[data-week]").forEach(function (input) {
      var c = cents(hundredths(input.value), parseInt(input.dataset.rate, 10) || 0);
      weeks[input.dataset.week] = (weeks[input.dataset.week] || 0) + c;
      total += c;
    });
    form.querySelectorAll("[data-week-total]").forEach(function (out) {
      show(out, weeks[out.dataset.weekTotal] || 0);
    });
    if (budget) {
      var km = form.querySelector("[name=travel_km]");
      if (km) {
        total += cents(hundredths(km.value), parseInt(budget.dataset.travelRate, 10) || 0);
      }
      var amount = form.querySelector("[name=amount]");
      if (amount) {
        total += hundredths(amount.value);
      }
      show(document.getElementById("grid-total"), total);
      show(document.getElementById("left-after"), (parseInt(budget.dataset.left, 10) || 0) - total);
    }
  }
  form.addEventListener("input", update);
})();
