// OpenQI progressive enhancement. Pages work without JavaScript; this only starts the NHS.UK
// components (menus, error summary focus) when the browser supports ES modules.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'

initAll()
