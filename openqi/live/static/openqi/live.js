// Live updates (ADR 0020): a region marked data-live-url asks its version address every few
// seconds with If-None-Match. 304 means nothing changed; a new ETag means the page changed, so the
// page is fetched again and the region's content swapped in place, keeping focus where it was.
// The page works without this script: reloading it shows the same thing.
const BACKGROUND = { 'X-OpenQI-Background': '1', 'X-Requested-With': 'fetch' }

function announce (region, text) {
  const status = region.ownerDocument.getElementById(region.dataset.liveStatus || '')
  if (status) status.textContent = text
}

async function refresh (region) {
  const response = await fetch(window.location.href, { credentials: 'same-origin', headers: { ...BACKGROUND, Accept: 'text/html' } })
  if (!response.ok) return false
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(region.id)
  if (!fresh) return false
  const focusedId = region.contains(document.activeElement) ? document.activeElement.id : ''
  region.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)))
  if (focusedId) {
    const again = document.getElementById(focusedId)
    if (again) again.focus()
  }
  return true
}

function watch (region) {
  const url = region.dataset.liveUrl
  const every = Math.max(2, Number(region.dataset.liveInterval || '10')) * 1000
  let etag = region.dataset.liveVersion ? `"${region.dataset.liveVersion}"` : ''

  async function tick () {
    if (!document.hidden) {
      try {
        const headers = { ...BACKGROUND, Accept: 'application/json' }
        if (etag) headers['If-None-Match'] = etag
        const response = await fetch(url, { credentials: 'same-origin', cache: 'no-cache', headers })
        if (response.status === 200) {
          const tag = response.headers.get('ETag') || ''
          if (tag && tag !== etag && await refresh(region)) {
            etag = tag
            region.dataset.liveUpdated = String(Date.now())
            announce(region, `Updated at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`)
          }
        } else if (response.status !== 304) {
          // Signed out, token revoked or gone: stop asking and say so; a reload shows why.
          announce(region, 'Live updates stopped. Reload the page.')
          return
        }
      } catch (error) {
        // The network dropped: try again at the next tick.
      }
    }
    window.setTimeout(tick, every)
  }
  window.setTimeout(tick, every)
}

for (const region of document.querySelectorAll('[data-live-url][id]')) watch(region)
