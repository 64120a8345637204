// OpenQI progressive enhancement. Pages work without JavaScript; this only starts the NHS.UK
// components (menus, error summary focus) when the browser supports ES modules, and the
// warning before an idle session ends, and the copy an anonymous form keeps in this tab.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
import './session.js'
import './local-draft.js'

initAll()
