// shisaku search page: keyboard navigation, citation copy, facet panel on
// narrow screens. The page works without this script.
(function () {
  "use strict";

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
  }

  // Collapse the facet panel on phone widths (it stays one tap away). The
  // chips of active filters move out above it, so they stay visible and
  // removable, and inside the panel only the groups holding an active
  // filter are open: the results are never pushed below the facets.
  var box = document.getElementById("facetbox");
  if (box && window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
    var active = box.querySelector(".chips");
    if (active && box.parentNode) box.parentNode.insertBefore(active, box);
    box.removeAttribute("open");
    var groups = box.querySelectorAll("details.facet");
    for (var g = 0; g < groups.length; g++) {
      if (!groups[g].hasAttribute("data-active")) groups[g].removeAttribute("open");
    }
  }

  var hits = Array.prototype.slice.call(document.querySelectorAll(".hit"));
  var current = -1;
  function select(i) {
    if (!hits.length) return;
    if (current >= 0 && hits[current]) hits[current].classList.remove("current");
    current = Math.max(0, Math.min(hits.length - 1, i));
    var hit = hits[current];
    hit.classList.add("current");
    var link = hit.querySelector(".hit-title");
    if (link) link.focus();
    hit.scrollIntoView({ block: "nearest" });
  }
  function follow(rel) {
    var a = document.querySelector('a[rel="' + rel + '"]');
    if (a) window.location.href = a.href;
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var q = document.getElementById("q");
    if (typing(e)) {
      if (e.key === "Escape" && e.target === q) q.blur();
      return;
    }
    switch (e.key) {
      case "/":
        if (q) { e.preventDefault(); q.focus(); q.select(); }
        break;
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "h": follow("prev"); break;
      case "l": follow("next"); break;
      case "u": case "Backspace": {
        var back = document.getElementById("back");
        if (back) { e.preventDefault(); window.location.href = back.href; }
        break;
      }
      default: return;
    }
  });

  var copy = document.getElementById("copy-cite");
  if (copy) {
    copy.addEventListener("click", function () {
      var field = document.getElementById(copy.getAttribute("data-copy"));
      if (!field) return;
      var done = function () {
        copy.textContent = "コピーしました";
        setTimeout(function () { copy.textContent = "引用をコピー"; }, 2000);
      };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          document.execCommand("copy"); done();
        });
      } else {
        document.execCommand("copy"); done();
      }
    });
  }
})();
