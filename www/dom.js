// Small DOM helpers. Data from the file is only ever put in the page as
// text (textContent), never as markup; the only markup inserted is the
// SVG drawn by the core, which escapes every value it writes.

/**
 * Creates an element. `attrs` keys starting with "on" add listeners,
 * `dataset` and `aria` take objects, `class` a string; children are nodes
 * or strings (inserted as text).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/**
 * A table head of column headers, in order: each a label, or `[label,
 * className]` (`'num'` right-aligns numbers, `'wide'` lets text wrap).
 */
export function columnHeads(...columns) {
  return h('thead', {}, h('tr', {}, columns.map((column) => {
    const [text, className] = Array.isArray(column) ? column : [column, null];
    return h('th', { scope: 'col', class: className, text });
  })));
}

/** Replaces every child of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The element with this id, or an error naming it (a typo should fail loudly). */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`segmento: missing element #${id}`);
  return el;
}

/** Shows exactly one of the elements, hiding the others. */
export function showOnly(elements, shown) {
  for (const el of elements) el.hidden = el !== shown;
}

/**
 * Turns the core's SVG markup into a node of this document.
 *
 * The markup is parsed in an inert document (no script runs, no resource
 * loads). The charts set their size through `style` attributes, which this
 * page's CSP (no 'unsafe-inline' styles) refuses with a console error even
 * in a parsed-only document; the stylesheet sizes `.chart svg` instead, so
 * those attributes are cut from the markup before parsing. (The core
 * escapes quotes inside attribute values, so `style="..."` cannot span a
 * quote.) Anything executable is removed too, as a second line of defence
 * behind the CSP.
 */
export function svgNode(markup) {
  const withoutStyles = markup.replace(/\sstyle="[^"]*"/g, '');
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${withoutStyles}`, 'text/html');
  const svg = parsed.body.querySelector('svg');
  if (!svg) return null;
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    const name = el.localName;
    if (name === 'script' || name === 'foreignObject' || name === 'iframe' || name === 'style') {
      el.remove();
      continue;
    }
    for (const attr of [...el.attributes]) {
      const attrName = attr.name.toLowerCase();
      if (attrName.startsWith('on')) el.removeAttribute(attr.name);
      else if ((attrName === 'href' || attrName === 'xlink:href') && !attr.value.startsWith('#')) el.removeAttribute(attr.name);
    }
  }
  const node = document.adoptNode(svg);
  // What the dropped style said: never wider than drawn. Set through the
  // CSSOM, which the CSP allows.
  const width = Number.parseFloat(node.getAttribute('width') ?? '');
  if (width > 0) node.style.maxWidth = `${width}px`;
  return node;
}

/**
 * Saves bytes as a file: a Blob, an object URL and a click on a temporary
 * `<a download>`. Nothing goes over the network.
 */
export function saveBytes(bytes, fileName, mimeType) {
  const blob = bytes instanceof Blob ? bytes : new Blob([bytes], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the object URL; release it once the browser is done with it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Moves keyboard focus to `el` (making it focusable first if needed). */
export function focusHeading(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: false });
}
