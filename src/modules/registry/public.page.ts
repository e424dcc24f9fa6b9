import type { PublishedFiguresTable } from '../../core/db/schema-registry';
import { STRINGS, type PublicLang } from './public.i18n';
import type { PersonSummaryView } from './registry.schema';
import { suppressSmallCell, type RegistryStatistics } from './statistics.service';
import type { Cell } from './statistics.repository';

/** Server-rendered public page: every value goes through esc(); no inline script or style (strict CSP). */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SCRIPT_FOR: Record<PublicLang, string> = { be: 'be', ru: 'ru', en: 'latn' };

function nameFor(p: PersonSummaryView, lang: PublicLang): string {
  const names = p.names ?? [];
  const primaries = names.filter((n) => n.kind === 'primary');
  return (
    (primaries.find((n) => n.script === SCRIPT_FOR[lang]) ?? primaries[0] ?? names[0])?.value ?? p.refCode
  );
}

function href(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return `/public?${q.toString()}`;
}

/** Only http(s) addresses become links; anything else is shown as text. */
function link(url: string, text: string): string {
  return /^https?:\/\//i.test(url)
    ? `<a href="${esc(url)}" rel="noopener noreferrer nofollow">${esc(text)}</a>`
    : esc(text);
}

/**
 * freeText: the key itself was typed by staff (a facility name) and may say more than a count does, so
 * suppressed cells are left out entirely rather than shown as "fewer than 5".
 */
function cellTable(title: string, cells: Cell[], s: (typeof STRINGS)[PublicLang], freeText = false): string {
  const shown = freeText ? cells.filter((c) => suppressSmallCell(c) !== null) : cells;
  if (shown.length === 0) return '';
  const rows = shown
    .map((c) => {
      const n = suppressSmallCell(c);
      return `<tr><td>${esc(c.key)}</td><td class="num">${n === null ? esc(s.fewer) : esc(n)}</td></tr>`;
    })
    .join('');
  return `<section class="dist"><h3>${esc(title)}</h3><table><tbody>${rows}</tbody></table></section>`;
}

export interface PublicPageData {
  lang: PublicLang;
  q: string;
  page: number;
  pageSize: number;
  persons: { items: PersonSummaryView[]; total: number; totalCapped: boolean };
  stats: RegistryStatistics;
  figures: PublishedFiguresTable[];
}

export function renderPublicPage(d: PublicPageData): string {
  const s = STRINGS[d.lang];
  const status = (k: string | null) => (k ? (s.statuses[k] ?? k) : '');
  const langLinks = (['be', 'ru', 'en'] as const)
    .map((l) =>
      l === d.lang
        ? `<strong>${l}</strong>`
        : `<a href="${esc(href({ lang: l, q: d.q }))}" hreflang="${l}">${l}</a>`,
    )
    .join(' · ');
  const rows = d.persons.items
    .map(
      (p) =>
        `<tr><td>${esc(nameFor(p, d.lang))}</td><td>${esc(status(p.currentStatus))}${
          p.currentStatusOn ? ` <span class="muted">${esc(s.since)} ${esc(p.currentStatusOn)}</span>` : ''
        }</td><td>${esc(p.articles.join(', '))}</td><td>${esc(p.facility)}</td><td>${esc(p.detainedOn)}</td></tr>`,
    )
    .join('');
  // A capped total means "more than": the page count is unknown, but there is a next page.
  const capped = d.persons.totalCapped;
  const pages = Math.max(1, Math.ceil(d.persons.total / d.pageSize));
  const nav = [
    d.page > 1
      ? `<a href="${esc(href({ lang: d.lang, q: d.q, page: d.page - 1 }))}" rel="prev">${esc(s.previous)}</a>`
      : '',
    capped ? `<span>${d.page}</span>` : `<span>${d.page} / ${pages}</span>`,
    capped || d.page < pages
      ? `<a href="${esc(href({ lang: d.lang, q: d.q, page: d.page + 1 }))}" rel="next">${esc(s.next)}</a>`
      : '',
  ].join(' ');
  const st = d.stats;
  const current = suppressSmallCell(st.currentCount);
  const served = st.timeServed.current;
  const servedShown = served.medianMonths !== null && !(served.persons < 5 && served.publicPersons === 0);
  const figures = d.figures
    .map(
      (f) =>
        `<tr><td>${esc(f.as_of)}</td><td>${esc(f.metric)}</td><td class="num">${esc(f.value_text)}</td><td>${link(f.source_url, f.source_org)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${d.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(s.title)}</title>
<link rel="stylesheet" href="/public/style.css">
</head>
<body>
<header><h1>${esc(s.title)}</h1><nav class="langs">${langLinks}</nav><p>${esc(s.intro)}</p></header>
<main>
<section class="figures">
<h2>${esc(s.figures)}</h2>
<p class="big">${esc(s.current)}: <strong>${current === null ? esc(s.fewer) : esc(current)}</strong></p>
${servedShown ? `<p>${esc(s.medianServed)}: <strong>${esc(served.medianMonths)}</strong> ${esc(s.months)}</p>` : ''}
<div class="dists">
${cellTable(s.byRegion, st.byRegion, s)}
${cellTable(s.byGender, st.byGender, s)}
${cellTable(s.byArticle, st.byArticle.slice(0, 15), s)}
${cellTable(s.byFacility, st.byFacility.slice(0, 15), s, true)}
${cellTable(s.byGroup, st.byGroup, s)}
</div>
<p class="muted">${esc(s.suppressionNote)}</p>
</section>
<section class="list">
<h2>${esc(s.found)}: ${capped ? `${esc(s.moreThan)} ` : ''}${esc(d.persons.total)}</h2>
<form method="get" action="/public" role="search">
<input type="hidden" name="lang" value="${esc(d.lang)}">
<label for="q">${esc(s.searchLabel)}</label>
<input id="q" name="q" type="search" maxlength="200" value="${esc(d.q)}">
<button type="submit">${esc(s.search)}</button>
</form>
<p class="muted">${esc(s.listNote)}</p>
${
  rows
    ? `<table class="persons"><thead><tr><th>${esc(s.name)}</th><th>${esc(s.status)}</th><th>${esc(s.articles)}</th><th>${esc(s.facility)}</th><th>${esc(s.detained)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${esc(s.noResults)}</p>`
}
<nav class="pager">${nav}</nav>
</section>
<section class="published">
<h2>${esc(s.published)}</h2>
<table><thead><tr><th>${esc(s.asOf)}</th><th>${esc(s.metric)}</th><th>${esc(s.value)}</th><th>${esc(s.source)}</th></tr></thead><tbody>${figures}</tbody></table>
</section>
</main>
</body>
</html>
`;
}

export const PUBLIC_CSS = `body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1b1b1b;background:#fff;line-height:1.4}
h1{margin:.2rem 0}h2{border-bottom:2px solid #c22;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#555;font-size:.9rem}.big{font-size:1.3rem}
.dists{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
form{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:1rem 0}input[type=search]{padding:.4rem;min-width:16rem}
button{padding:.4rem .9rem}.pager{margin:1rem 0;display:flex;gap:1rem}.langs{margin:.3rem 0}
@media (prefers-color-scheme:dark){body{background:#161616;color:#eee}th,td{border-color:#333}.muted{color:#aaa}a{color:#8cf}}
`;
