// Loaded only once the visitor has accepted analytics cookies, and only on pages that may carry
// analytics (see home/analytics.py). The address goes without its query string or fragment, and
// the previous page only as an origin, so no token, reference or search term travels with it.
(function () {
  "use strict";
  var idElement = document.getElementById("ds-analytics-id");
  if (!idElement) return;
  var referrer = "";
  try {
    if (document.referrer) referrer = new URL(document.referrer).origin + "/";
  } catch (error) {
    referrer = "";
  }
  window.dataLayer = window.dataLayer || [];
  function gtag() { window.dataLayer.push(arguments); }
  gtag("js", new Date());
  gtag("config", JSON.parse(idElement.textContent), {
    anonymize_ip: true,
    page_location: window.location.origin + window.location.pathname,
    page_referrer: referrer
  });
})();
