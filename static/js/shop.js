// Marks the page as scripted, so controls that only exist for browsers without JavaScript
// (e.g. "Update price") can hide themselves through CSS. No inline script: strict CSP.
document.documentElement.classList.add("js");
