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
