// Runs at the start of every document, in cujo's isolated world (cdp/isolated_world.h): the
// page's scripts neither see globalThis.__cujo nor reach the built-ins it uses, and every poll
// of an action's actionability or an expectation is one small Runtime.evaluate. Entry points
// never throw for "not there yet": they return what they saw, and cujo decides whether to retry.
globalThis.__cujo = (() => {
  const normalize = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();

  const describe = (el) => {
    if (!el || !el.tagName) return String(el);
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) {
      text += '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.');
    }
    return text;
  };

  const regexOf = (body) => {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(body);
    return m ? new RegExp(m[1], m[2]) : null;
  };

  const isVisible = (el) => {
    if (!el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.visibility === 'collapse') return false;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };

  // text=...: the deepest elements whose normalized visible text is exactly that (or matches
  // /regex/). Cheap textContent filter first: innerText forces layout. An element that is not
  // rendered (display: none, in a closed <details>...) has no visible text, although its
  // innerText is then its whole textContent: a hidden twin must not match, nor make the
  // visible one ambiguous.
  const queryText = (body) => {
    const re = regexOf(body);
    const wanted = re ? null : normalize(body);
    const test = (text) => (re ? re.test(text) : text === wanted);
    const candidates = [];
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
      if (!re && !normalize(el.textContent).includes(wanted)) continue;
      if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) continue;
      if (test(normalize(el.innerText))) candidates.push(el);
    }
    return candidates.filter((el) => !candidates.some((other) => other !== el && el.contains(other)));
  };

  const queryAll = (selector) => {
    if (selector.startsWith('xpath=')) {
      const found = document.evaluate(selector.slice(6), document, null,
                                      XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      const out = [];
      for (let i = 0; i < found.snapshotLength; i++) {
        const node = found.snapshotItem(i);
        if (node.nodeType === Node.ELEMENT_NODE) out.push(node);
      }
      return out;
    }
    if (selector.startsWith('text=')) return queryText(selector.slice(5));
    return Array.from(document.querySelectorAll(selector));
  };

  // Returns {elements} or {error} for a selector the engine rejects.
  const query = (selector) => {
    try {
      return { elements: queryAll(selector) };
    } catch (e) {
      return { error: 'invalid selector: ' + e.message };
    }
  };

  const boxOf = (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  };

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  // Resolves once the page's main thread is idle, or after `ms`: its queued work has run.
  const settle = (ms) => new Promise((resolve) => requestIdleCallback(() => resolve(true),
                                                                       { timeout: ms }));
  // The same, once per document (this world is the document's): the first action waits for
  // the scripts the page runs after `load` to have run, since those attach what the action
  // relies on (a click handler that would otherwise find a plain link, a module not ready).
  let settled = null;
  const settleOnce = (ms) => (settled ??= settle(ms));

  const isEditable = (el) => {
    if (el.isContentEditable) return true;
    if (el.tagName === 'TEXTAREA') return !el.readOnly;
    if (el.tagName === 'INPUT') {
      const type = (el.type || 'text').toLowerCase();
      const textual = ['text', 'search', 'email', 'password', 'url', 'tel', 'number', 'date',
                       'datetime-local', 'month', 'time', 'week', ''];
      return textual.includes(type) && !el.readOnly;
    }
    return false;
  };

  const isDisabled = (el) => {
    if (el.closest && el.closest('[aria-disabled=true]')) return true;
    return 'disabled' in el && el.disabled === true;
  };

  // Focus, and select what typing is to replace.
  const prepareFill = (el) => {
    el.focus();
    if (el.isContentEditable) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    } else if (typeof el.select === 'function') {
      el.select();
    }
  };

  // Actionability, in Playwright's order, on a page that was idle once (`need.settle` ms at
  // most). `need`: {settle, enabled, editable, stable, hit, then}; once the element is ready,
  // `then` ('focus' or 'fill') prepares it for the keys that follow.
  const probe = async (selector, need) => {
    if (need.settle) await settleOnce(need.settle);
    const { elements, error } = query(selector);
    if (error) return { ok: false, failed: 'selector', detail: error };
    if (elements.length === 0) return { ok: false, failed: 'attached', count: 0 };
    if (elements.length > 1) {
      return { ok: false, failed: 'unique', count: elements.length,
               detail: elements.slice(0, 3).map(describe).join(', ') };
    }
    const el = elements[0];
    if (!isVisible(el)) return { ok: false, failed: 'visible', detail: describe(el) };
    if (need.enabled && isDisabled(el)) return { ok: false, failed: 'enabled', detail: describe(el) };
    if (need.editable && !isEditable(el)) {
      return { ok: false, failed: 'editable', detail: describe(el) };
    }
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    if (need.stable) {
      const before = boxOf(el);
      await nextFrame();
      await nextFrame();
      const after = boxOf(el);
      if (['x', 'y', 'width', 'height'].some((k) => Math.abs(before[k] - after[k]) > 0.5)) {
        return { ok: false, failed: 'stable', detail: describe(el) + ' is still moving' };
      }
    }
    const box = boxOf(el);
    if (need.hit) {
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit))) {
        return { ok: false, failed: 'receives events',
                 detail: describe(hit) + ' would receive the click instead of ' + describe(el) };
      }
    }
    if (need.then === 'fill') prepareFill(el);
    if (need.then === 'focus') el.focus();
    return { ok: true, box };
  };

  const textMatches = (actual, match) => {
    const text = normalize(actual);
    if (match.op === 'equals') return text === normalize(match.expected);
    if (match.op === 'contains') return text.includes(normalize(match.expected));
    return new RegExp(match.expected).test(text);
  };

  // Every check of an `expect` step at once: {pass, failures:[{check, expected, actual}], box}.
  const expectOne = (spec) => {
    const failures = [];
    const fail = (check, expected, actual) => failures.push({ check, expected, actual });
    const opText = (m) => ({ equals: '', contains: 'contains ', matches: 'matches ' }[m.op] + m.expected);
    let box = null;
    if (spec.selector !== undefined) {
      const { elements, error } = query(spec.selector);
      if (error) return { pass: false, failures: [{ check: 'selector', expected: '', actual: error }] };
      const visible = elements.filter(isVisible);
      if (visible.length > 0) box = boxOf(visible[0]);
      const state = spec.state;
      if (state === 'attached' && elements.length === 0) fail('state', 'attached', 'no element matches');
      if (state === 'detached' && elements.length > 0) {
        fail('state', 'detached', elements.length + ' element(s) match');
      }
      if (state === 'visible' && visible.length === 0) {
        fail('state', 'visible', elements.length === 0 ? 'no element matches'
                                                       : elements.length + ' match, none visible');
      }
      if (state === 'hidden' && visible.length > 0) fail('state', 'hidden', visible.length + ' visible');
      if (spec.count !== undefined && elements.length !== spec.count) {
        fail('count', String(spec.count), String(elements.length));
      }
      if (spec.text) {
        // Visible text, of a visible element: a hidden one's innerText is all its textContent,
        // which a reader never sees (a success message the build failed to show). With an
        // explicit `attached` or `hidden` state, of the elements in that state.
        const ofHidden = state === 'attached' || state === 'hidden';
        const candidates = ofHidden ? elements : visible;
        if (!candidates.some((el) => textMatches(el.innerText, spec.text))) {
          const texts = candidates.map((el) => JSON.stringify(normalize(el.innerText).slice(0, 200)));
          fail('text', opText(spec.text),
               texts.length ? texts.slice(0, 3).join(', ')
                            : elements.length ? elements.length + ' match, none visible'
                                              : 'no element matches');
        }
      }
      if (spec.attribute) {
        const values = elements.map((el) => el.getAttribute(spec.attribute));
        if (!values.some((v) => v !== null && textMatches(v, spec.attribute_value))) {
          fail('attribute ' + spec.attribute, opText(spec.attribute_value),
               values.length ? values.slice(0, 3).map((v) => JSON.stringify(v)).join(', ')
                             : 'no element matches');
        }
      }
    }
    if (spec.title && !textMatches(document.title, spec.title)) {
      fail('title', opText(spec.title), JSON.stringify(document.title));
    }
    if (spec.url && !textMatches(location.href, spec.url)) {
      fail('url', opText(spec.url), location.href);
    }
    return { pass: failures.length === 0, failures, box };
  };

  // `upcoming`: the specs of the expect steps right after this one. When this one passes,
  // `ahead` says how many of them, in order, pass at the same moment: their steps need not ask.
  const expect = (spec, upcoming = []) => {
    const result = expectOne(spec);
    if (result.pass) {
      result.ahead = 0;
      while (result.ahead < upcoming.length && expectOne(upcoming[result.ahead]).pass) {
        result.ahead++;
      }
    }
    return result;
  };

  // wait_for: {selector, state} | {text}
  const waitState = (spec) => {
    if (spec.text !== undefined) {
      return { done: normalize(document.body ? document.body.innerText : '').includes(normalize(spec.text)) };
    }
    const { elements, error } = query(spec.selector);
    if (error) return { done: false, error };
    const visible = elements.some(isVisible);
    const done = { attached: elements.length > 0, detached: elements.length === 0,
                   visible, hidden: !visible }[spec.state];
    return { done, count: elements.length, visible };
  };

  const selectOption = (selector, value) => {
    const { elements, error } = query(selector);
    if (error) return { ok: false, detail: error };
    const el = elements[0];
    if (!el || el.tagName !== 'SELECT') return { ok: false, detail: describe(el) + ' is not a <select>' };
    const option = Array.from(el.options).find((o) => o.value === value || normalize(o.label) === normalize(value));
    if (!option) {
      return { ok: false, detail: 'no option ' + JSON.stringify(value) + ' among ' +
               Array.from(el.options).slice(0, 10).map((o) => JSON.stringify(o.value)).join(', ') };
    }
    el.value = option.value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return { ok: true };
  };

  // Focus and select the current content, so that inserted text replaces it.
  // Viewport coordinates (x, y) for outlines, page coordinates (pageX, pageY) for clips.
  const boxOfSelector = (selector) => {
    const el = query(selector).elements?.find(isVisible);
    if (!el) return null;
    const box = boxOf(el);
    return { ...box, pageX: box.x + scrollX, pageY: box.y + scrollY };
  };

  // Boxes to paint over before a visual comparison, in the screenshot's device pixels: every
  // visible match of each selector, relative to the viewport, the whole page (fullPage), or the
  // element the screenshot is clipped to.
  const maskBoxes = (selectors, fullPage, clipSelector) => {
    const clip = clipSelector ? boxOfSelector(clipSelector) : null;
    const originX = clip ? clip.pageX : fullPage ? 0 : scrollX;
    const originY = clip ? clip.pageY : fullPage ? 0 : scrollY;
    const boxes = [];
    for (const selector of selectors) {
      const found = query(selector);
      if (found.error) return { error: found.error };
      for (const el of found.elements.filter(isVisible)) {
        const box = boxOf(el);
        boxes.push({ x: (box.x + scrollX - originX) * devicePixelRatio,
                     y: (box.y + scrollY - originY) * devicePixelRatio,
                     width: box.width * devicePixelRatio, height: box.height * devicePixelRatio });
      }
    }
    return { boxes };
  };

  // vitals.js keeps the document's timing and sends it; asked here when it had not all.
  const navigationTiming = () => globalThis.__cujo_vitals.timing();

  return { probe, expect, settle, waitState, selectOption, boxOfSelector, maskBoxes,
           navigationTiming };
})();
