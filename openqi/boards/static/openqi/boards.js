// Drag a card to another column on a huddle board. The "Move to …" buttons on each card stay: they
// are the keyboard way and the way without JavaScript. A drop presses the card's own Move button,
// so it sends the same form (with its one-time token) as a click would. Listeners sit on the
// document, so cards swapped in by live updates work too.
document.addEventListener('dragstart', (event) => {
  const card = event.target instanceof Element ? event.target.closest('[data-card-id]') : null
  if (!card) return
  event.dataTransfer.setData('text/plain', card.id)
  event.dataTransfer.effectAllowed = 'move'
})

function columnAt (event) {
  return event.target instanceof Element ? event.target.closest('[data-column]') : null
}

document.addEventListener('dragover', (event) => {
  if (columnAt(event)) event.preventDefault()
})

document.addEventListener('drop', (event) => {
  const column = columnAt(event)
  if (!column) return
  event.preventDefault()
  const card = document.getElementById(event.dataTransfer.getData('text/plain'))
  const button = card && card.querySelector(`button[name="column"][value="${column.dataset.column}"]`)
  if (button) button.click()
})
