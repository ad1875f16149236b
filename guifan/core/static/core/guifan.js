// The phone menu: one button opens and closes the navigation.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
});

// A button with data-print prints the page (the print stylesheet leaves the page's content only).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// A <select data-searchable> gets a search box above it: typing keeps the options (and option groups) that contain
// the text, so a list of a hundred criteria can be searched on a phone.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-search";
    box.placeholder = select.getAttribute("data-search-placeholder") || "🔍";
    box.setAttribute("aria-label", box.placeholder);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var text = box.value.trim().toLowerCase();
      select.querySelectorAll("option").forEach(function (option) {
        option.hidden = text !== "" && option.textContent.toLowerCase().indexOf(text) === -1;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
      var first = select.querySelector("option:not([hidden])");
      if (first && select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = first.value;
    });
  });
});

// After a report form is saved with errors (or waits for confirmation), the summary at the top names each one; the
// first field in error (or the confirmation) is scrolled into view and focused, however far down the form it is.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-first-error]");
  if (!summary) return;
  var target = document.getElementById(summary.getAttribute("data-first-error"));
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
});
