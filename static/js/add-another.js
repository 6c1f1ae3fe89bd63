// "Add another item" without a page load: the last item's fields are copied, numbered on,
// and emptied, and the new item's first field takes the focus. Without this script the
// button asks the server for the same page with one more item, keeping everything typed.
const button = document.querySelector('button[name="add_item"]')

function renumbered (html, n) {
  return html
    .replace(/item_\d+_/g, `item_${n}_`)
    .replace(/Item \d+/g, `Item ${n}`)
    .replace(/item \d+/g, `item ${n}`)
    .replace(/name="remove_item" value="\d+"/g, `name="remove_item" value="${n}"`)
}

if (button) {
  button.addEventListener('click', (event) => {
    const items = document.querySelectorAll('fieldset[data-item]')
    const last = items[items.length - 1]
    if (!last) return
    event.preventDefault()
    const n = items.length + 1
    const copy = last.cloneNode(false)
    copy.innerHTML = renumbered(last.innerHTML, n)
    copy.dataset.item = String(n)
    for (const element of copy.querySelectorAll('input, textarea')) {
      if (element.type === 'radio') element.checked = false
      else element.value = ''
    }
    for (const error of copy.querySelectorAll('.govuk-error-message')) error.remove()
    for (const described of copy.querySelectorAll('[aria-describedby]')) {
      const ids = described.getAttribute('aria-describedby').split(' ').filter((id) => id && !id.endsWith('_error') && !/_\d+_error$/.test(id))
      if (ids.length) described.setAttribute('aria-describedby', ids.join(' '))
      else described.removeAttribute('aria-describedby')
    }
    for (const group of copy.querySelectorAll('.govuk-form-group--error')) group.classList.remove('govuk-form-group--error')
    for (const input of copy.querySelectorAll('.govuk-textarea--error')) input.classList.remove('govuk-textarea--error')
    last.after(copy)
    copy.querySelector('textarea').focus()
    copy.closest('form').dispatchEvent(new Event('change'))
  })
}
