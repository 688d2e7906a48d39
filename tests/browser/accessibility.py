"""The accessibility checker of ``test_accessibility.py``: axe-core and three page checks in one page load.

``check_page(page, url, width)`` opens ``url`` in ``page`` (a Playwright page whose context ran
``install(context)``) and returns a list of ``Finding`` (empty: the page passed):

- every violation axe-core reports for the rules tagged ``AXE_TAGS`` (one finding per failing element);
- duplicate ``id`` values (``document.querySelectorAll('[id]')``);
- horizontal overflow (the document wider than the viewport, with the outermost elements that stick out);
- on a Chinese page (``<html lang="zh-...">``), English interface text outside elements marked with another
  ``lang``: text or a label attribute equal to an English interface string of the catalog (a ``msgid`` of
  ``django.po``, placeholders matching any value), or a run of English words that reads as a phrase (see
  ``english_phrase``).

axe-core comes from the ``axe-playwright-python`` wheel (its bundled ``axe.min.js``), added to every document of
the context before the page's own scripts (Playwright's init scripts are not subject to the page's
Content-Security-Policy, so the policy stays as served).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
from axe_playwright_python.base import AXE_FILE_PATH

AXE_SCRIPT = AXE_FILE_PATH.read_text(encoding="utf-8")
#: The version of the bundled axe-core, from the file's first line (``/*! axe v4.12.1``).
AXE_VERSION = re.search(r"axe v(\d+\.\d+\.\d+)", AXE_SCRIPT[:200]).group(1)
#: WCAG 2.0, 2.1 and 2.2 levels A and AA, and axe-core's best practices (docs/testing.md says why).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

#: Runs in the page after ``load``: duplicate ids, overflow, and (Chinese pages) the text and label attributes
#: outside elements in another language, each with a CSS selector of its element.
PAGE_CHECKS = r"""
() => {
    const selectorOf = (element) => {
        const parts = [];
        for (let node = element; node && node.nodeType === 1 && node !== document.documentElement;
             node = node.parentElement) {
            let part = node.localName;
            if (node.id && document.querySelectorAll("#" + CSS.escape(node.id)).length === 1) {
                parts.unshift(part + "#" + CSS.escape(node.id));
                break;
            }
            part += [...node.classList].slice(0, 2).map((name) => "." + CSS.escape(name)).join("");
            const parent = node.parentElement;
            if (parent) {
                const same = [...parent.children].filter((child) => child.localName === node.localName);
                if (same.length > 1) part += `:nth-of-type(${same.indexOf(node) + 1})`;
            }
            parts.unshift(part);
        }
        return parts.join(" > ") || "html";
    };
    const counts = new Map();
    for (const element of document.querySelectorAll("[id]")) {
        counts.set(element.id, (counts.get(element.id) || []).concat([element]));
    }
    const duplicateIds = [...counts].filter(([, elements]) => elements.length > 1).map(
        ([id, elements]) => ({id, selectors: elements.map(selectorOf)})
    );

    const root = document.documentElement;
    const width = root.clientWidth;
    const overflowing = [];
    if (root.scrollWidth > width) {
        for (const element of document.body.querySelectorAll("*")) {
            const right = element.getBoundingClientRect().right;
            const parent = element.parentElement;
            const outermost = parent === document.body || parent.getBoundingClientRect().right <= width + 0.5;
            if (right > width + 0.5 && outermost) {
                overflowing.push(`${selectorOf(element)} (right edge at ${Math.round(right)}px)`);
            }
        }
    }
    const overflow = {scrollWidth: root.scrollWidth, clientWidth: width, elements: overflowing.slice(0, 5)};

    const language = (root.getAttribute("lang") || "").toLowerCase();
    const texts = [];
    if (language.startsWith("zh")) {
        const inChinese = (element) => {
            const marked = element.closest("[lang]");
            return !marked || marked.getAttribute("lang").toLowerCase().startsWith("zh");
        };
        const latin = /[A-Za-z]{2}/;
        const squeeze = (text) => text.replace(/\s+/g, " ").trim();
        if (latin.test(document.title)) texts.push({selector: "title", text: squeeze(document.title), where: "text"});
        const skip = new Set(["script", "style", "template", "noscript"]);
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || skip.has(parent.localName) || !latin.test(node.data) || !inChinese(parent)) continue;
            texts.push({selector: selectorOf(parent), text: squeeze(node.data), where: "text"});
            // The element's whole text too, for interface strings with markup inside ("<b>3</b> results").
            const whole = squeeze(parent.textContent);
            const other = [...parent.querySelectorAll("[lang]")].some((e) => !inChinese(e));
            if (whole.length <= 160 && whole !== squeeze(node.data) && !other) {
                texts.push({selector: selectorOf(parent), text: whole, where: "text"});
            }
        }
        const labels = ["aria-label", "aria-description", "title", "alt", "placeholder"];
        for (const element of document.body.querySelectorAll("*")) {
            if (!inChinese(element)) continue;
            const button = element.matches("input[type=submit], input[type=button], input[type=reset]");
            for (const name of button ? labels.concat(["value"]) : labels) {
                const value = element.getAttribute(name);
                if (value && latin.test(value)) {
                    texts.push({selector: selectorOf(element), text: squeeze(value), where: name});
                }
            }
        }
    }
    return {duplicateIds, overflow, language, texts};
}
"""

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
URLS_AND_ADDRESSES = re.compile(r"\S+@\S+|\w+://\S+|www\.\S+|\S*/\S*")
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*(?: +[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)+")


@dataclass(frozen=True)
class Finding:
    """One failure: the page's ``url`` and viewport ``width`` (px), ``rule`` (an axe-core rule id or
    ``duplicate-id``, ``horizontal-overflow``, ``english-interface-text``), ``selector`` of the failing
    element and ``detail`` (what is wrong)."""

    url: str
    width: int
    rule: str
    selector: str
    detail: str

    def __str__(self):
        return f"{self.url} @{self.width}px  {self.rule}  {self.selector}\n    {self.detail}"


class Catalog:
    """The English interface strings: the ``msgid``s of ``django.po`` whose Chinese ``msgstr`` differs.

    ``match(text)`` returns the msgid that ``text`` (whitespace squeezed) shows verbatim, placeholders
    matching any value, or None. Strings without two Latin letters outside placeholders are left out
    (``"%(number)s. %(title)s"`` is no English).
    """

    def __init__(self, path=CATALOG):
        self.exact = {}
        patterns = []
        for entry in polib.pofile(str(path)):
            if not entry.msgid or entry.obsolete or entry.msgstr == entry.msgid:
                continue
            msgid = " ".join(entry.msgid.split())
            literal = PLACEHOLDER.sub("", msgid)
            if not re.search(r"[A-Za-z]{2}", literal):
                continue
            if PLACEHOLDER.search(msgid):
                pieces = PLACEHOLDER.split(msgid)
                patterns.append((re.compile(".+?".join(re.escape(piece) for piece in pieces)), msgid))
            else:
                self.exact[msgid] = msgid
        self.patterns = patterns

    def match(self, text):
        if text in self.exact:
            return self.exact[text]
        for pattern, msgid in self.patterns:
            if pattern.fullmatch(text):
                return msgid
        return None


def english_phrase(text):
    """Return the first run of English words in ``text`` that reads as a phrase, else None.

    A run is Latin words separated by spaces (URLs and e-mail addresses removed first). It reads as a
    phrase when it holds two lowercase words or more ("more about", "No events here"), or is two words or
    more all lowercase but the first ("Next week"). Names and acronyms ("Mannheim", "Reggio Emilia", "IUC",
    "Covenant of Mayors") do not.
    """
    for run in LATIN_RUN.findall(URLS_AND_ADDRESSES.sub(" ", text)):
        words = run.split()
        lower = [word for word in words if word[0].islower() and len(word) > 1]
        if len(lower) >= 2 or (len(words) >= 2 and all(word[0].islower() for word in words[1:])):
            return run
    return None


def install(context):
    """Add axe-core to every document that ``context`` (a Playwright BrowserContext) opens."""
    context.add_init_script(script=AXE_SCRIPT)


def check_page(page, url, width, catalog, expected_status=200):
    """Open ``url`` in ``page`` and return its findings (a list of ``Finding``); see the module's docstring.

    ``width`` (px) labels the findings; ``catalog`` is a ``Catalog``; a status other than ``expected_status``
    is a finding too.
    """
    response = page.goto(url)
    findings = []

    def add(rule, selector, detail):
        findings.append(Finding(url, width, rule, selector, detail))

    status = response.status if response else None
    if status != expected_status:
        add("http-status", "document", f"answered {status}, expected {expected_status}")
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    for violation in result["violations"]:
        for node in violation["nodes"]:
            add(
                violation["id"],
                " ".join(str(part) for part in node["target"]),
                f"[{violation['impact']}] {violation['help']}: {node['failureSummary']}".replace("\n", " "),
            )
    checks = page.evaluate(PAGE_CHECKS)
    for duplicate in checks["duplicateIds"]:
        add(
            "duplicate-id",
            ", ".join(duplicate["selectors"]),
            f'id="{duplicate["id"]}" is used {len(duplicate["selectors"])} times',
        )
    overflow = checks["overflow"]
    if overflow["scrollWidth"] > overflow["clientWidth"]:
        add(
            "horizontal-overflow",
            "; ".join(overflow["elements"]) or "html",
            f"the page is {overflow['scrollWidth']}px wide in a {overflow['clientWidth']}px viewport",
        )
    seen = set()
    for text in checks["texts"]:
        msgid = catalog.match(text["text"])
        phrase = None if msgid else english_phrase(text["text"])
        if (msgid or phrase) and (text["selector"], text["text"]) not in seen:
            seen.add((text["selector"], text["text"]))
            where = "text" if text["where"] == "text" else f"{text['where']} attribute"
            reason = f"the interface string {msgid!r}" if msgid else f"the English phrase {phrase!r}"
            add("english-interface-text", text["selector"], f"{where} {text['text'][:120]!r} shows {reason}")
    return findings
