import { initAll } from '/static/govuk/govuk-frontend.min.js'
import { startTimeoutWarning } from '/static/js/timeout-warning.js'
import { watchPrepared } from '/static/js/prepared.js'

initAll()

// "Print this record" buttons: no inline handlers, so that the Content Security Policy
// can forbid them (docs/adr/0014).
for (const button of document.querySelectorAll('[data-print]')) {
  button.addEventListener('click', () => window.print())
}

// Signing out forgets what was typed on question pages in this tab (js/keep-typed.js).
for (const form of document.querySelectorAll('form[action$="/accounts/logout/"]')) {
  form.addEventListener('submit', () => {
    for (const key of Object.keys(window.sessionStorage)) {
      if (key.startsWith('typed:')) window.sessionStorage.removeItem(key)
    }
  })
}

startTimeoutWarning(document.querySelector('[data-module="app-timeout-warning"]'))

watchPrepared(document.querySelector('[data-module="app-prepared"]'))
