// Loaded only once the visitor has accepted analytics cookies (see templates/base.html).
(function () {
  "use strict";
  var idElement = document.getElementById("ds-analytics-id");
  if (!idElement) return;
  window.dataLayer = window.dataLayer || [];
  function gtag() { window.dataLayer.push(arguments); }
  gtag("js", new Date());
  gtag("config", JSON.parse(idElement.textContent), { anonymize_ip: true });
})();
