// GOV.UK timeout warning (design-system backlog, "Timeout warning"): a modal dialog two
// minutes before the server's idle limit, with a button that renews the session. The
// server decides; this only warns. Nothing on the page is cleared when time runs out.

export function startTimeoutWarning (dialog) {
  if (!dialog || typeof dialog.showModal !== 'function') return
  const timeout = Number(dialog.dataset.timeout) * 1000
  const warning = Number(dialog.dataset.warning) * 1000
  const form = dialog.querySelector('[data-timeout-form]')
  const text = dialog.querySelector('[data-timeout-text]')
  const heading = dialog.querySelector('[data-timeout-heading]')
  const kept = dialog.querySelector('[data-timeout-kept]')
  const close = dialog.querySelector('[data-timeout-close]')
  let warnTimer, endTimer

  function schedule () {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(warn, Math.max(0, timeout - warning))
    endTimer = setTimeout(signedOut, timeout)
  }

  function warn () {
    if (!dialog.open) dialog.showModal()
    dialog.querySelector('[data-timeout-stay]').focus()
  }

  function signedOut () {
    heading.textContent = 'You have been signed out'
    text.textContent = 'You were signed out because you had not done anything for 30 minutes.'
    kept.hidden = false
    form.hidden = true
    close.hidden = false
    if (!dialog.open) dialog.showModal()
    close.focus()
  }

  close.addEventListener('click', () => dialog.close())

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const response = await fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      headers: { 'X-Requested-With': 'fetch' },
      credentials: 'same-origin',
      redirect: 'manual'
    })
    if (response.status === 204) {
      dialog.close()
      schedule()
    } else {
      signedOut()
    }
  })

  dialog.addEventListener('cancel', (event) => {
    // Escape is "stay signed in", as the pattern asks: the person is clearly there.
    event.preventDefault()
    if (form.hidden) dialog.close()
    else form.requestSubmit()
  })

  schedule()
}
