// Warn before an idle session ends, and let people stay signed in (issue 24).
// The dialog is in every signed-in page (core/_session_warning.jinja) and stays hidden without
// JavaScript; the session still ends on time, and a form sent after that is kept for the person
// (accounts.drafts). The server is asked how long is left before anything is shown, so activity
// in another tab keeps this one quiet.
const dialog = document.getElementById('session-warning')

if (dialog && typeof dialog.showModal === 'function' && window.fetch) {
  const url = dialog.dataset.statusUrl
  const warnBefore = Number(dialog.dataset.warnBefore) || 120
  const idle = Number(dialog.dataset.idleTimeout) || 900
  const title = dialog.querySelector('#session-warning-title')
  const text = dialog.querySelector('[data-session-text]')
  const stay = dialog.querySelector('[data-session-stay]')
  const carryOn = dialog.querySelector('[data-session-close]')
  let checkTimer = null
  let endTimer = null

  const inWords = (seconds) => {
    const minutes = Math.ceil(seconds / 60)
    return minutes <= 1 ? '1 minute' : `${minutes} minutes`
  }

  // seconds left, 0 when signed out, null when the server could not say
  const ask = async (method) => {
    try {
      const response = await fetch(url, {
        method,
        headers: { Accept: 'application/json', 'X-CSRFToken': dialog.dataset.csrf },
        credentials: 'same-origin'
      })
      if (response.status === 401) return 0
      if (!response.ok || response.redirected) return null
      return (await response.json()).seconds_left
    } catch {
      return null
    }
  }

  const schedule = (secondsLeft) => {
    clearTimeout(checkTimer)
    checkTimer = setTimeout(check, Math.max(secondsLeft - warnBefore, 5) * 1000)
  }

  const signedOut = () => {
    clearTimeout(checkTimer)
    clearTimeout(endTimer)
    title.textContent = 'You have been signed out'
    text.textContent =
      'You have been signed out because you did not do anything for a while. ' +
      'If you were filling in a form, send it as usual: you will be asked to sign in again, ' +
      'and what you typed will be kept for you to check.'
    stay.hidden = true
    carryOn.hidden = false
    if (!dialog.open) dialog.showModal()
    carryOn.focus()
  }

  const warn = (secondsLeft) => {
    title.textContent = 'You will be signed out soon'
    text.textContent =
      `To keep your account safe, you will be signed out in ${inWords(secondsLeft)} ` +
      'because you have not done anything for a while.'
    stay.hidden = false
    carryOn.hidden = true
    if (!dialog.open) dialog.showModal()
    stay.focus()
    clearTimeout(endTimer)
    endTimer = setTimeout(signedOut, secondsLeft * 1000)
  }

  async function check () {
    const left = await ask('GET')
    if (left === null) schedule(warnBefore + 60)
    else if (left <= 0) signedOut()
    else if (left > warnBefore + 5) schedule(left) // busy in another tab
    else warn(left)
  }

  const staySignedIn = async () => {
    const left = await ask('POST')
    if (left === 0) {
      signedOut()
    } else if (left !== null && left <= warnBefore) {
      // The 12-hour limit: staying longer is not possible.
      text.textContent =
        `You have been signed in for the longest time allowed and will be signed out in ${inWords(left)}. ` +
        'Save your work now.'
    } else {
      clearTimeout(endTimer)
      if (dialog.open) dialog.close()
      schedule(left === null ? idle : left)
    }
  }

  stay.addEventListener('click', staySignedIn)
  carryOn.addEventListener('click', () => dialog.close())
  // Escape means "carry on", as in the GOV.UK timeout warning: it keeps the person signed in.
  dialog.addEventListener('cancel', (event) => {
    if (!stay.hidden) {
      event.preventDefault()
      staySignedIn()
    }
  })
  schedule(idle)
}
