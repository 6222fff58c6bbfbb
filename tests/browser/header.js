// Every piece of text the top bar shows must be inside the screen and readable: a contrast of
// 4.5:1 or more against the background it is drawn on (WCAG AA for normal text).
() => {
  const header = document.querySelector("header.site-header");
  if (!header) return {problems: [], seen: []};
  const rgba = text => {
    const parts = text.match(/[\d.]+/g).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const backdrop = element => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    let out = {r: 255, g: 255, b: 255};
    for (const c of layers.reverse()) {
      out = {r: c.r * c.a + out.r * (1 - c.a), g: c.g * c.a + out.g * (1 - c.a), b: c.b * c.a + out.b * (1 - c.a)};
    }
    return out;
  };
  const luminance = c => {
    const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const problems = [], seen = [];
  const width = document.documentElement.clientWidth;
  for (const element of header.querySelectorAll("*")) {
    const own = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    // checkVisibility: not in a closed <details>, not display: none, not visibility: hidden.
    if (!own || !box.width || !box.height || !element.checkVisibility({visibilityProperty: true})) continue;
    if (element.closest(".visually-hidden, .cart-label, .menu-label") && box.width <= 1) continue;
    seen.push(own);
    if (box.left < -1 || box.right > width + 1) problems.push(`"${own}" is outside the screen`);
    const fg = rgba(style.color), bg = backdrop(element);
    const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) problems.push(`"${own}" has contrast ${ratio.toFixed(2)}:1`);
  }
  // Everything to tap in the shop's bar is at least 44 px tall: a thumb, not a mouse pointer.
  const controls = header.querySelector(".site-menu") ? header.querySelectorAll("a, button, summary, select") : [];
  for (const control of controls) {
    const box = control.getBoundingClientRect();
    if (!control.checkVisibility({visibilityProperty: true}) || box.width <= 1) continue;
    if (box.height < 43.5) problems.push(`"${control.textContent.trim()}" is ${box.height}px tall`);
  }
  return {problems, seen};
}
