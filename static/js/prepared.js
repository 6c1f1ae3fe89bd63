// "Your file is being prepared" (records/prepared_export.html): ask every few seconds
// whether the worker has made the file, and when it has, load the page again so that it
// offers the download. The status line is a polite live region, so a screen reader hears
// the change; without scripts the page's "Check again" link does the same.
export function watchPrepared (panel) {
  if (!panel || panel.dataset.status !== 'waiting') return
  const message = panel.querySelector('[data-prepared-message]')
  let tries = 0
  const check = async () => {
    tries += 1
    try {
      const response = await window.fetch(window.location.href, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
      if (response.ok) {
        const { status } = await response.json()
        if (status !== 'waiting') {
          if (message) message.textContent = 'Your file is ready. Loading the download link.'
          window.location.reload()
          return
        }
      }
    } catch (error) {
      // A network blip: try again at the next tick.
    }
    // Every 3 seconds for the first minute, then every 15 seconds.
    window.setTimeout(check, tries < 20 ? 3000 : 15000)
  }
  window.setTimeout(check, 3000)
}
