// What sticks out sideways: the page may not scroll horizontally at any width.
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      wide.push(`${element.tagName.toLowerCase()}.${element.className} (${Math.round(box.right)}px)`);
    }
  }
  return wide.slice(-5);
}
