// OpenQI progressive enhancement. Pages work without JavaScript; this only starts the NHS.UK
// components (menus, error summary focus) when the browser supports ES modules.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'

initAll()

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
