// Nothing typed on a question page is lost to a timeout, the back button or a link: what
// is typed is kept in this tab's sessionStorage as it is typed, with the version of the
// saved answers the page was shown with (data-version). If the page comes back with the
// same version, nothing was saved since, so what was typed is put back, and the page says
// so. A page the server sends back in answer to a post (its errors, an item added or
// removed) already shows what was typed: it is kept as it is, not restored over. Once a
// save succeeds the version changes and the copy is dropped. Signing out
// removes every copy (static/js/init.js). See docs/adr/0022.
const PREFIX = 'typed:'
const SKIP = new Set(['csrfmiddlewaretoken', 'seen'])

function valuesOf (form) {
  const values = {}
  for (const element of form.elements) {
    if (!element.name || SKIP.has(element.name) || element.type === 'submit' || element.type === 'file') continue
    if ((element.type === 'radio' || element.type === 'checkbox') && !element.checked) {
      values[element.name] = values[element.name] || []
      continue
    }
    values[element.name] = [...(values[element.name] || []), element.value]
  }
  return values
}

function differs (stored, current) {
  return Object.keys(stored).some((name) => JSON.stringify(stored[name]) !== JSON.stringify(current[name] || []))
}

function restore (form, stored) {
  for (const element of form.elements) {
    if (!(element.name in stored) || SKIP.has(element.name) || element.type === 'submit') continue
    const wanted = stored[element.name]
    if (element.type === 'radio' || element.type === 'checkbox') {
      element.checked = wanted.includes(element.value)
    } else if (element.type !== 'file') {
      element.value = wanted[0] || ''
    }
  }
}

function announce (form) {
  const banner = document.createElement('div')
  banner.className = 'govuk-inset-text'
  banner.setAttribute('role', 'status')
  banner.dataset.testid = 'restored'
  banner.textContent = 'We have put back what you typed on this page before you left it. It is not saved yet: check it, then save it.'
  form.parentNode.insertBefore(banner, form)
}

for (const form of document.querySelectorAll('form[data-keep-typed]')) {
  const key = PREFIX + form.dataset.keepTyped
  const version = form.dataset.version
  let kept = null
  try { kept = JSON.parse(window.sessionStorage.getItem(key) || 'null') } catch { kept = null }
  if (kept && kept.version === version && !('sent' in form.dataset) && differs(kept.values, valuesOf(form))) {
    restore(form, kept.values)
    announce(form)
  } else if (kept && kept.version !== version) {
    window.sessionStorage.removeItem(key)
  }
  const keep = () => {
    try {
      window.sessionStorage.setItem(key, JSON.stringify({ version, values: valuesOf(form) }))
    } catch { /* storage full or refused: the server still keeps every save */ }
  }
  if ('sent' in form.dataset) keep()
  form.addEventListener('input', keep)
  form.addEventListener('change', keep)
  form.addEventListener('submit', keep)
}
