// Runs at the start of every document, in cujo's isolated world as page_helpers.js does:
// web vitals are only observable from inside the page, and LCP/CLS entries must be observed
// from the start. The main frame's document sends its timing to cujo by itself, through the
// world's binding __cujo_timing (journeys/page_scripts.h): at DOMContentLoaded, at its load
// event, and whenever a vital changes after that. Asking for it after every step instead cost
// a round trip that queued behind the page's own scripts on its main thread, the busiest
// thread of the run.
(() => {
  const vitals = { lcp: null, cls: 0 };
  const observers = [];
  let reporting = false;  // from DOMContentLoaded on, in the main frame only
  let sentAt = -Infinity;
  let queued = null;
  const send = () => {
    queued = null;
    sentAt = performance.now();
    const report = globalThis.__cujo_timing;
    const now = timing();
    if (typeof report === 'function' && now) report(JSON.stringify(now));
  };
  // A page that keeps shifting its layout must not flood cujo: one report per 100 ms at most,
  // the first of a burst at once (a journey may end right after it).
  const changed = () => {
    if (!reporting || queued) return;
    const wait = sentAt + 100 - performance.now();
    if (wait <= 0) {
      send();
    } else {
      queued = setTimeout(send, wait);
    }
  };
  const observe = (type, take) => {
    try {
      const observer = new PerformanceObserver((list) => {
        list.getEntries().forEach(take);
        changed();
      });
      observer.observe({ type, buffered: true });
      observers.push({ observer, take });
    } catch (e) {
      // An engine without this entry type: its vital stays null.
    }
  };
  observe('largest-contentful-paint', (entry) => { vitals.lcp = entry.startTime; });
  observe('layout-shift', (entry) => { if (!entry.hadRecentInput) vitals.cls += entry.value; });
  // Entries the browser has queued for an observer but not yet delivered count too.
  const timing = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    if (!nav) return null;
    for (const { observer, take } of observers) observer.takeRecords().forEach(take);
    return { url: nav.name, ttfb: nav.responseStart, dcl: nav.domContentLoadedEventEnd,
             load: nav.loadEventStart, lcp: vitals.lcp, cls: vitals.cls };
  };
  globalThis.__cujo_vitals = { timing };  // for cujo to ask at the end (page_helpers.js)

  if (window !== window.top) return;  // a child frame's timing is not the page's
  // Sent from inside the events (the load's start is the `load` reported): from a later task it
  // could be too late, as a journey may navigate away as soon as cujo hears of the event, and a
  // busy document's timers do not run before its successor commits. Chromium tells cujo of
  // each event after its listeners have run, so the report always arrives first.
  const report = () => {
    reporting = true;
    send();
  };
  if (document.readyState === 'complete') {
    report();
  } else {
    if (document.readyState === 'interactive') report();
    else document.addEventListener('DOMContentLoaded', report, { once: true });
    addEventListener('load', report, { once: true });
  }
})();
