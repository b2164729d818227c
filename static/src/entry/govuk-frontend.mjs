// GOV.UK Frontend's script with only the components Doorstep's templates use (their
// data-module attributes), so a page downloads and parses a fraction of the whole bundle.
// It keeps the whole bundle's interface: window.GOVUKFrontend.initAll(), which doorstep.js calls.
// Adding a component with JavaScript to a template? Import it here and add it to COMPONENTS;
// tests/home/test_assets.py fails while a data-module in the templates has no match here.
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
  isSupported,
  version,
} from "govuk-frontend";

const COMPONENTS = [
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
];

/** Start every component on the page, as GOV.UK Frontend's own initAll() does. */
function initAll(scope = document) {
  if (!isSupported()) return;
  for (const Component of COMPONENTS) {
    createAll(Component, undefined, scope);
  }
}

export {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
  initAll,
  version,
};
