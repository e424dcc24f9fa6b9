import { formatReceipt } from '../intake.crypto';
import type { IntakeConfig } from '../intake.config';
import type { SourceView } from '../intake.service';
import { LANGS, type Lang, type QuestionnaireDefinition } from '../questionnaire.data';
import { fill, SITE_STRINGS, type SiteStrings } from './site.i18n';

/**
 * Server-rendered pages of the public intake site. They work fully without JavaScript; /assets/intake.js
 * only upgrades the forms to encrypt in the browser. No inline script or style (the CSP forbids both), no
 * resource from any other origin.
 */
export const QUICK_EXIT_URL = 'https://www.wikipedia.org/';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(lang: Lang, title: string, body: string, path = '/'): string {
  const t = SITE_STRINGS[lang];
  const langs = LANGS.map((l) =>
    l === lang
      ? `<span aria-current="true">${l.toUpperCase()}</span>`
      : `<a href="${path}?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a>`,
  ).join(' ');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)} · ${esc(t.siteName)}</title>
<link rel="stylesheet" href="/assets/intake.css">
<script type="module" src="/assets/intake.js"></script>
</head>
<body>
<header class="bar">
<a class="brand" href="/?lang=${lang}">${esc(t.siteName)}</a>
<nav class="langs" aria-label="Language">${langs}</nav>
<a class="quick-exit" id="quick-exit" href="${QUICK_EXIT_URL}" rel="noreferrer noopener" title="${esc(t.quickExitHint)}">${esc(t.quickExit)}</a>
</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

const notice = (text: string | undefined, kind: 'error' | 'ok' = 'error'): string =>
  text ? `<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${esc(text)}</p>` : '';

function fileInput(t: SiteStrings, cfg: IntakeConfig): string {
  if (cfg.maxFiles === 0) return '';
  return `<div class="field">
<label for="files">${esc(t.files)}</label>
<input type="file" id="files" name="files" multiple>
<p class="hint">${esc(fill(t.filesHint, { n: cfg.maxFiles, mb: Math.floor(cfg.maxFileBytes / 1048576) }))}</p>
</div>`;
}

function encStatus(t: SiteStrings, cfg: IntakeConfig): string {
  return `<p class="enc-status" id="enc-status" data-on="${esc(t.jsOn)}">${esc(t.jsOff)}</p>${
    cfg.escrowPublicKey ? `<p class="notice escrow" role="note">${esc(t.escrowOn)}</p>` : ''
  }`;
}

/** Shared by the JavaScript path: shown in place of the form when the browser gets the receipt. */
function receiptSection(t: SiteStrings, receipt: string | null): string {
  return `<section id="receipt-view" class="receipt"${receipt ? '' : ' hidden'}>
<h1>${esc(t.receiptTitle)}</h1>
<p class="receipt-number"><output id="receipt-number">${receipt ? esc(formatReceipt(receipt)) : ''}</output></p>
<p>${esc(t.receiptText)}</p>
</section>`;
}

export function formPage(
  lang: Lang,
  def: QuestionnaireDefinition,
  cfg: IntakeConfig,
  opts: { error?: string; values?: Record<string, string> } = {},
): string {
  const t = SITE_STRINGS[lang];
  const fields = def.fields
    .map((f) => {
      const id = `a_${f.key}`;
      const value = opts.values?.[f.key] ?? '';
      const req = f.required ? ` required aria-required="true"` : '';
      const input =
        f.kind === 'textarea'
          ? `<textarea id="${id}" name="${id}" rows="6" maxlength="${f.maxLength}"${req}>${esc(value)}</textarea>`
          : `<input type="text" id="${id}" name="${id}" maxlength="${f.maxLength}" value="${esc(value)}"${req}>`;
      const hint = f.hint ? `<p class="hint">${esc(f.hint[lang])}</p>` : '';
      const mark = f.required ? ` <span class="req">(${esc(t.required)})</span>` : '';
      return `<div class="field"><label for="${id}">${esc(f.label[lang])}${mark}</label>${hint}${input}</div>`;
    })
    .join('\n');
  const body = `<section id="form-view">
<h1>${esc(def.title[lang])}</h1>
<p>${esc(def.intro[lang])}</p>
<p class="hint">${esc(t.safety)}</p>
${encStatus(t, cfg)}
${notice(opts.error)}
<p class="notice error" id="js-error" role="alert" hidden></p>
<form method="post" action="/submit?lang=${lang}" enctype="multipart/form-data" data-intake="submission"
  data-working="${esc(t.working)}" data-error="${esc(t.error)}" data-too-large="${esc(t.tooLarge)}" data-unavailable="${esc(t.unavailable)}">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="questionnaire" value="${esc(def.slug)}">
${fields}
${def.files ? fileInput(t, cfg) : ''}
<button type="submit" class="primary">${esc(t.send)}</button>
</form>
<p><a href="/return?lang=${lang}">${esc(t.returnLink)}</a></p>
</section>
${receiptSection(t, null)}`;
  return layout(lang, def.title[lang], body);
}

export function receiptPage(lang: Lang, receipt: string): string {
  const t = SITE_STRINGS[lang];
  return layout(lang, t.receiptTitle, receiptSection(t, receipt));
}

export function returnPage(lang: Lang, error?: string): string {
  const t = SITE_STRINGS[lang];
  const body = `<h1>${esc(t.returnTitle)}</h1>
${notice(error)}
<form method="post" action="/return?lang=${lang}" enctype="multipart/form-data">
<input type="hidden" name="lang" value="${lang}">
<div class="field"><label for="receipt">${esc(t.receiptLabel)}</label>
<input type="text" id="receipt" name="receipt" inputmode="numeric" autocomplete="off" maxlength="40" required></div>
<button type="submit" class="primary">${esc(t.open)}</button>
</form>
<p><a href="/?lang=${lang}">${esc(t.newReport)}</a></p>`;
  return layout(lang, t.returnTitle, body, '/return');
}

export function conversationPage(
  lang: Lang,
  view: SourceView,
  token: string,
  cfg: IntakeConfig,
  opts: { sent?: boolean; error?: string } = {},
): string {
  const t = SITE_STRINGS[lang];
  const replies = view.replies.length
    ? `<ol class="replies">${view.replies
        .map((r) => `<li><p class="when">${esc(r.on)}</p><p class="text">${esc(r.text)}</p></li>`)
        .join('')}</ol>`
    : `<p>${esc(t.noReplies)}</p>`;
  const body = `<h1>${esc(t.conversationTitle)}</h1>
<p>${esc(fill(t.receivedOn, { d: view.receivedOn, n: view.sent }))}</p>
${opts.sent ? notice(t.sent, 'ok') : ''}${notice(opts.error)}
<h2>${esc(t.replies)}</h2>
${replies}
<h2>${esc(t.addMore)}</h2>
${encStatus(t, cfg)}
<p class="notice error" id="js-error" role="alert" hidden></p>
${opts.sent ? '' : `<p class="notice ok" id="js-sent" role="status" hidden>${esc(t.sent)}</p>`}
<form method="post" action="/followup?lang=${lang}" enctype="multipart/form-data" data-intake="followup"
  data-working="${esc(t.working)}" data-error="${esc(t.error)}" data-too-large="${esc(t.tooLarge)}" data-unavailable="${esc(t.unavailable)}">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="token" value="${esc(token)}">
<div class="field"><label for="text">${esc(t.message)}</label>
<textarea id="text" name="text" rows="5" maxlength="20000"></textarea></div>
${fileInput(t, cfg)}
<button type="submit" class="primary">${esc(t.send)}</button>
</form>`;
  return layout(lang, t.conversationTitle, body, '/return');
}

export function messagePage(lang: Lang, text: string): string {
  const t = SITE_STRINGS[lang];
  return layout(lang, t.siteName, `${notice(text)}<p><a href="/?lang=${lang}">${esc(t.newReport)}</a></p>`);
}

export const SITE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fafaf7}
.bar{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;background:#20303f;color:#fff;flex-wrap:wrap}
.bar a{color:#fff}
.brand{font-weight:700;text-decoration:none}
.langs{display:flex;gap:.6rem}
.quick-exit{background:#b00020;color:#fff!important;font-weight:700;padding:.45rem .9rem;border-radius:4px;text-decoration:none}
.quick-exit:focus{outline:3px solid #ffd54f}
main{max-width:46rem;margin:0 auto;padding:1rem}
.field{margin:1rem 0}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text],textarea{width:100%;padding:.5rem;font:inherit;border:1px solid #888;border-radius:4px;background:#fff}
.hint{color:#555;font-size:.92rem;margin:.2rem 0}
.req{font-weight:400;color:#555}
button.primary{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#20303f;color:#fff;cursor:pointer}
button[disabled]{opacity:.6}
.notice{padding:.6rem .8rem;border-radius:4px}
.notice.error{background:#fde8ea;border:1px solid #b00020}
.notice.ok{background:#e6f4ea;border:1px solid #1e7a3c}
.notice.escrow{background:#fff6d6;border:1px solid #8a6d00}
.enc-status{font-size:.92rem;border-left:4px solid #20303f;padding-left:.6rem}
.receipt-number{font-size:2rem;font-family:ui-monospace,monospace;letter-spacing:.08em;background:#fff;border:2px dashed #20303f;padding:.5rem 1rem;display:inline-block}
.replies{padding-left:1.2rem}
.replies .when{color:#555;margin:0}
.replies .text{white-space:pre-wrap;margin-top:.2rem}
[hidden]{display:none!important}
`;
