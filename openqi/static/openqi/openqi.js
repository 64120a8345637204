// OpenQI progressive enhancement. Pages work without JavaScript; this only starts the NHS.UK
// components (menus, error summary focus) when the browser supports ES modules.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'

initAll()

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
