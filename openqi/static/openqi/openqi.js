// OpenQI progressive enhancement. Pages work without JavaScript; this only starts the NHS.UK
// components (menus, error summary focus) when the browser supports ES modules, the warning
// before an idle session ends, the copy an anonymous form keeps in this tab, and guards forms
// against being sent twice (the server's one-time submission token is the real guard).
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
import './session.js'
import './local-draft.js'

initAll()

// Keep each form's one-time token when the person goes Back to it. Browsers restore a text field
// on Back only when its value differs from the one in the page's markup: moving the token from the
// markup into the value makes the browser keep it, so Back and send again repeats the first token
// and the server shows the first result instead of creating a second one. On a page restored from
// history the browser has already put the first token back, and this keeps it.
for (const field of document.querySelectorAll('input[data-submission-token]')) {
  const token = field.value
  field.removeAttribute('value')
  field.value = token
}

// Disable a form's buttons once it is sent, so a double click sends it once.
const SENDING = 'openqiSending'

function buttonsOf (form) {
  return form.querySelectorAll('button:not([type="button"]), input[type="submit"]')
}

document.addEventListener('submit', (event) => {
  const form = event.target
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || (form.getAttribute('method') || '').toLowerCase() !== 'post') return
  if (form.dataset[SENDING]) {
    event.preventDefault()
    return
  }
  form.dataset[SENDING] = 'true'
  // Disable after this turn: a disabled button would drop its own name and value from the data sent.
  window.setTimeout(() => {
    for (const button of buttonsOf(form)) {
      if (button.disabled) continue
      button.disabled = true
      button.dataset.openqiDisabled = 'true'
    }
  }, 0)
  // A response that leaves the page in place (a download) must not leave the form dead.
  window.setTimeout(() => release(form), 10000)
})

function release (form) {
  delete form.dataset[SENDING]
  for (const button of form.querySelectorAll('[data-openqi-disabled]')) {
    button.disabled = false
    delete button.dataset.openqiDisabled
  }
}

// A page brought back from the back-forward cache keeps its disabled buttons: enable them again.
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return
  for (const form of document.querySelectorAll('form')) release(form)
})

// An action that reloads the page (adding or moving a driver, sorting or filtering a table)
// returns to an address ending in #<id> of the changed item or the control used. The success
// banner takes focus when it starts, which would send a keyboard user back to the top of the page:
// focus the item instead (the banner stays on screen). An error summary keeps its focus.
const id = window.location.hash.slice(1)
const target = id && document.getElementById(decodeURIComponent(id))
if (target && !document.querySelector('.nhsuk-error-summary')) {
  if (!target.matches('a[href], button, input, select, textarea, [tabindex]')) {
    target.setAttribute('tabindex', '-1')
  }
  target.focus()
}

// An import running in the background: the page says so with a link to check again; here it
// checks by itself every few seconds and shows the result once the status changes.
const running = document.querySelector('[data-import-status="queued"], [data-import-status="importing"]')
if (running) {
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: 'same-origin' })
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      const now = page.querySelector('[data-import-status]')
      if (now && now.dataset.importStatus !== running.dataset.importStatus) {
        window.location.reload()
        return
      }
    } catch {
      // A network blip: the link on the page still works, and the next check may too.
    }
    window.setTimeout(check, 3000)
  }
  window.setTimeout(check, 3000)
}
