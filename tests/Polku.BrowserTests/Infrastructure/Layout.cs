using System.Globalization;
using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Checks a page's layout at a given viewport width, from the element boxes the browser laid out: no horizontal
/// scrolling of the page, nothing spilling out of the box that holds it, and no two controls on top of each other.
/// </summary>
/// <remarks>
/// A screenshot comparison would need reference images per page, language and width and fails on every intended
/// change; the boxes say directly what a person would see as broken (text cut off at a card's edge, a page that
/// scrolls sideways on a phone, a button under a label). Content inside a container that scrolls or clips on its own
/// (a wide table in its scroll container) is that container's business, and visually hidden text (1 px boxes) is
/// skipped.
/// </remarks>
public static class Layout
{
    /// <summary>The phone and desktop widths the page catalogue is checked at (issue 12), and the narrowest (spec 08).</summary>
    public static IReadOnlyList<int> Widths { get; } = [1280, 390, 320];

    private const int MaxPerKind = 5;

    // Runs in the page. Returns the problems as plain strings; an empty array when the layout is sound.
    private const string CheckScript = """
        (max) => {
          const problems = [];
          const vw = document.documentElement.clientWidth;
          const describe = el => {
            let s = el.tagName.toLowerCase();
            if (el.id) s += '#' + el.id;
            else if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
            const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
            return text ? `${s} "${text}"` : s;
          };
          const path = el => {
            const parts = [];
            for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e).split(' "')[0]);
            return parts.join(' > ') + (el.innerText ? ` "${el.innerText.trim().replace(/\s+/g, ' ').slice(0, 40)}"` : '');
          };
          const rendered = el => {
            const st = getComputedStyle(el);
            return st.visibility !== 'hidden' && st.display !== 'none' && st.opacity !== '0' && el.getClientRects().length > 0;
          };
          // Visually hidden text (a 1 px box, or anything inside a 1 px box that clips) cannot spill or overlap
          // anything a person sees.
          const visible = el => {
            const r = el.getBoundingClientRect();
            if (!(r.width > 1 && r.height > 1 && rendered(el))) return false;
            for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
              const p = e.getBoundingClientRect();
              if ((p.width <= 1 || p.height <= 1) && getComputedStyle(e).overflow !== 'visible') return false;
            }
            return true;
          };
          // An element inside a box that scrolls or clips sideways may be wider than the page, but an absolutely
          // positioned one escapes every such box up to its containing block (the nearest positioned ancestor).
          const clipped = node => {
            let escaping = node.nodeType === 1 && ['absolute', 'fixed'].includes(getComputedStyle(node).position);
            for (let e = node.parentElement; e && e !== document.documentElement; e = e.parentElement) {
              const st = getComputedStyle(e);
              if (st.overflowX !== 'visible' && (!escaping || st.position !== 'static')) return true;
              if (st.position !== 'static') escaping = ['absolute', 'fixed'].includes(st.position);
            }
            return false;
          };
          const all = Array.from(document.body.querySelectorAll('*')).filter(el => !['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION'].includes(el.tagName));

          // 1. The page itself must not scroll sideways.
          if (document.documentElement.scrollWidth > vw + 1) {
            const wide = all.filter(el => rendered(el) && !clipped(el) && el.getBoundingClientRect().right > vw + 1)
              // The innermost offenders say most: drop an element whose child is also listed.
              .filter((el, _, list) => !list.some(o => o !== el && el.contains(o)))
              .map(el => `${path(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
            // Text can run past its element's box (a long word or address): name the text.
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n && wide.length < max; n = walker.nextNode()) {
              if (!n.textContent.trim() || !n.parentElement || clipped(n) || !visible(n.parentElement)) continue;
              const range = document.createRange();
              range.selectNodeContents(n);
              const right = range.getBoundingClientRect().right;
              if (right > vw + 1) wide.push(`text "${n.textContent.trim().slice(0, 50)}" in ${path(n.parentElement).split(' "')[0]} (right edge ${Math.round(right)} px)`);
            }
            problems.push(`The page scrolls sideways: ${document.documentElement.scrollWidth} px wide in a ${vw} px window; too wide: `
              + wide.slice(0, max).join('; '));
          }

          // 2. Nothing spills out of its parent's box sideways (text running out of a card, a value past its list).
          const spills = [];
          for (const el of all) {
            const parent = el.parentElement;
            if (!parent || parent === document.body || !visible(el) || !visible(parent)) continue;
            const ps = getComputedStyle(parent);
            if (ps.overflowX !== 'visible' || ps.display === 'contents' || ps.display === 'inline') continue;
            if (getComputedStyle(el).position === 'absolute' || getComputedStyle(el).position === 'fixed') continue;
            const r = el.getBoundingClientRect(), p = parent.getBoundingClientRect();
            if (r.right > p.right + 2 || r.left < p.left - 2) spills.push(`${path(el)} is ${Math.round(r.width)} px wide and spills out of ${describe(parent).split(' "')[0]} (${Math.round(p.width)} px)`);
          }
          if (spills.length) problems.push(`Content spills out of its box: ${spills.slice(0, max).join('; ')}`);

          // 3. No two controls (links, buttons, form fields, labels) overlap, unless one holds the other.
          const controls = all.filter(el => el.matches('a[href], button, input:not([type=hidden]), select, textarea, label, summary') && visible(el));
          // A link that wraps onto two lines has two boxes (its bounding box would cover the whole width of both lines).
          const boxes = controls.flatMap(el => Array.from(el.getClientRects()).filter(r => r.width > 1 && r.height > 1).map(r => ({ el, r })))
            .sort((a, b) => a.r.top - b.r.top);
          const overlaps = [];
          for (let i = 0; i < boxes.length && overlaps.length < max; i++) {
            for (let j = i + 1; j < boxes.length && boxes[j].r.top < boxes[i].r.bottom; j++) {
              const a = boxes[i], b = boxes[j];
              if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
              // A label and the field it names may touch (a checkbox inside its label's line box).
              if (a.el.tagName === 'LABEL' && a.el.control === b.el || b.el.tagName === 'LABEL' && b.el.control === a.el) continue;
              const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
              const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
              if (w > 2 && h > 2 && !overlaps.some(o => o.includes(path(a.el)) && o.includes(path(b.el)))) overlaps.push(`${path(a.el)} and ${path(b.el)} overlap by ${Math.round(w)}×${Math.round(h)} px`);
            }
          }
          if (overlaps.length) problems.push(`Controls overlap: ${overlaps.join('; ')}`);
          return problems;
        }
        """;

    /// <summary>
    /// Lays the page out at <paramref name="width"/> px (the height is kept) and returns what is wrong with the
    /// layout there, or an empty list. The viewport is left at that width.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page, int width)
    {
        var height = page.ViewportSize?.Height ?? 720;
        if (page.ViewportSize?.Width != width)
        {
            await page.SetViewportSizeAsync(width, height);
        }

        var found = await page.EvaluateAsync<string[]>(CheckScript, MaxPerKind);
        return [.. found.Select(p => string.Create(CultureInfo.InvariantCulture, $"at {width} px: {p}"))];
    }

}
