// Team members (Snippets > Teams): a search box that hides the staff whose name or email does
// not match what is typed. Ticked members stay listed. Without JavaScript the box stays hidden
// and every tick box is shown.
(function () {
  function enhance(container) {
    var search = container.querySelector("[data-staff-members-search]");
    var input = container.querySelector("[data-staff-members-filter]");
    var status = container.querySelector("[data-staff-members-status]");
    if (!search || !input) return;
    search.hidden = false;
    var options = Array.prototype.slice.call(container.querySelectorAll("input[type=checkbox]"));
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (box) {
        var label = box.closest("label") || container.querySelector("label[for='" + box.id + "']");
        var row = (label && label.parentElement) || box.parentElement;
        var text = (label ? label.textContent : "").toLowerCase();
        var match = box.checked || words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (status) {
        var template = status.getAttribute("data-template") || "[shown] / [total]";
        status.textContent = words.length
          ? template.replace("[shown]", shown).replace("[total]", options.length)
          : "";
      }
    });
  }
  function init() {
    document.querySelectorAll("[data-staff-members]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
