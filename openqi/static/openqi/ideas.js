// Share an idea: look for similar ideas while people type. Without JavaScript the
// "Check for similar ideas" button does the same with a full page.
const form = document.querySelector('form[data-similar-check]')
const panel = document.getElementById('similar')

if (form && panel && window.fetch) {
  let timer = null
  let last = ''

  const check = async () => {
    const data = new FormData(form)
    const text = ['title', 'problem', 'suggestion'].map((name) => data.get(name) || '').join(' ').trim()
    if (text.length < 12 || text === last) return
    last = text
    data.set('action', 'check')
    try {
      // (form.action would be the button named "action", so read the attribute)
      const response = await fetch(form.getAttribute('action'), {
        method: 'POST',
        body: data,
        headers: { 'X-Requested-With': 'fetch' },
        credentials: 'same-origin'
      })
      if (response.ok && !response.redirected) {
        panel.innerHTML = await response.text()
      } else if (response.status === 401) {
        // Signed out: one sentence from the server, never a page inside the panel. Sharing the
        // idea still works: the person is asked to sign in again and what they typed is kept.
        const note = document.createElement('p')
        note.className = 'nhsuk-body'
        note.textContent = await response.text()
        panel.replaceChildren(note)
      }
    } catch {
      // Leave the button to do the job.
    }
  }

  for (const name of ['title', 'problem', 'suggestion']) {
    const field = form.elements.namedItem(name)
    if (field) {
      field.addEventListener('input', () => {
        clearTimeout(timer)
        timer = setTimeout(check, 800)
      })
    }
  }
}
