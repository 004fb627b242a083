// Runs at the start of every document, in cujo's isolated world as page_helpers.js does (which
// reads __cujo_vitals there): web vitals are only observable from inside the page, and LCP/CLS
// entries must be observed from the start.
(() => {
  const vitals = (globalThis.__cujo_vitals = { lcp: null, cls: 0 });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) vitals.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) vitals.cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) {
    // An engine without these entry types: the vitals stay null.
  }
})();
