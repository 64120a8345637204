// Anonymous forms (a check-in, survey answers, an idea) must leave no draft on the server that
// links the text to the person (accounts.drafts refuses them). So these forms, marked
// data-local-draft, keep a copy in this browser tab only (sessionStorage: never sent anywhere,
// gone when the tab closes), written as the form is sent. If sending it led to the sign-in page
// because the session had ended, the copy is put back when the same person reaches the same page
// again; any other page drops it. The owner is a keyed hash of the account, compared on this
// device only, so a colleague signing in on the same tab never sees it.
const KEY = 'openqi-local-draft'
const SIGN_IN = '/accounts/'
const marks = document.getElementById('session-warning')
const owner = marks?.dataset.owner || ''
const form = document.querySelector('form[data-local-draft]')

const read = () => {
  try {
    return JSON.parse(window.sessionStorage.getItem(KEY) || 'null')
  } catch {
    return null
  }
}

const keep = (entry) => {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(entry))
  } catch {
    // Storage full or blocked: nothing to keep.
  }
}

const drop = () => {
  try {
    window.sessionStorage.removeItem(KEY)
  } catch {}
}

const fieldsOf = (target) => {
  const fields = {}
  for (const [name, value] of new FormData(target)) {
    if (name === 'csrfmiddlewaretoken' || typeof value !== 'string') continue
    ;(fields[name] ||= []).push(value)
  }
  return fields
}

const restore = (target, fields) => {
  for (const element of target.elements) {
    const values = fields[element.name]
    if (!values || element.type === 'hidden' || element.type === 'submit') continue
    if (element.type === 'radio' || element.type === 'checkbox') element.checked = values.includes(element.value)
    else if (element.tagName === 'SELECT' && element.multiple) {
      for (const option of element.options) option.selected = values.includes(option.value)
    } else element.value = values[0]
    // Show what was put back, even inside a folded "Add reasons or a comment".
    if (element.checked || (element.type !== 'radio' && element.type !== 'checkbox' && element.value)) {
      element.closest('details')?.setAttribute('open', '')
    }
  }
  const note = document.createElement('div')
  note.className = 'nhsuk-inset-text'
  note.setAttribute('role', 'status')
  const text = document.createElement('p')
  text.textContent =
    'We kept what you typed on this device before you were signed out (not on our servers, ' +
    'because this form can be anonymous). Check it and send it.'
  note.append(text)
  target.before(note)
}

if (window.sessionStorage) {
  const entry = read()
  if (entry) {
    if (window.location.pathname.startsWith(SIGN_IN)) {
      keep({ ...entry, signedIn: true }) // on the way through signing in again
    } else {
      drop()
      const same = entry.signedIn && entry.path === window.location.pathname && owner && entry.owner === owner
      // A page the server already filled in (a draft it could keep) wins.
      if (same && form && !marks.hasAttribute('data-draft-restored')) restore(form, entry.fields)
    }
  }
  if (form && owner) {
    form.addEventListener('submit', () => {
      keep({ path: window.location.pathname, owner, fields: fieldsOf(form), signedIn: false })
    })
  }
}
