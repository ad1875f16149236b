// The meeting record page: tapping a member's 出席/请假/缺席 marks the row (its reason field shows only for leave),
// the summary counts update, and the fields a kind needs (lecturer, grades) show only for that kind. Without the
// script the page is a plain form with every part shown.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.meeting-form");
  if (!form) return;
  form.classList.add("js-meetings");
  var needs = {};
  try { needs = JSON.parse(form.getAttribute("data-needs") || "{}"); } catch (e) { needs = {}; }
  var kind = form.querySelector("select[name=kind]");
  var summary = form.querySelector(".att-summary");

  function showParts() {
    var wanted = kind ? (needs[kind.value] || []) : [];
    form.querySelectorAll(".optional[data-part]").forEach(function (part) {
      var name = part.getAttribute("data-part");
      var always = name === "preparation" && wanted.indexOf("lecturer") !== -1;
      part.classList.toggle("hidden-part", wanted.indexOf(name) === -1 && !always);
    });
  }

  function count() {
    var totals = { present: 0, leave: 0, absent: 0 };
    form.querySelectorAll(".att-row").forEach(function (row) {
      var checked = row.querySelector("input[type=radio]:checked");
      var value = checked ? checked.value : "present";
      row.classList.remove("is-present", "is-leave", "is-absent");
      row.classList.add("is-" + value);
      totals[value] += 1;
    });
    if (summary) {
      summary.textContent = summary.getAttribute("data-template")
        .replace("{present}", totals.present).replace("{leave}", totals.leave).replace("{absent}", totals.absent);
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") {
      count();
      if (event.target.value === "leave") {
        var reason = event.target.closest(".att-row").querySelector(".att-reason input");
        if (reason) reason.focus();
      }
    }
    if (event.target === kind) showParts();
  });
  showParts();
  count();
});
