// Progressive enhancement only: every journey works without this file.
(function () {
  "use strict";
  if (window.GOVUKFrontend && document.body.classList.contains("govuk-frontend-supported")) {
    window.GOVUKFrontend.initAll();
  }
})();
