import { initAll } from '/static/govuk/govuk-frontend.min.js'
import { startTimeoutWarning } from '/static/js/timeout-warning.js'

initAll()

// "Print this record" buttons: no inline handlers, so that the Content Security Policy
// can forbid them (docs/adr/0014).
for (const button of document.querySelectorAll('[data-app-print]')) {
  button.addEventListener('click', () => window.print())
}

startTimeoutWarning(document.querySelector('[data-module="app-timeout-warning"]'))
