/** The page shell: header with the signed-in user, navigation by role, language switch and sign-out. */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Actor } from '../domain/roles.ts';
import { CHART_STYLE } from './charts.tsx';
import type { Words } from './i18n.ts';

export interface PageProps {
  title: string;
  words: Words;
  actor?: Actor | undefined;
  csrfToken?: string;
  /** The path of this page, for the language links. */
  path: string;
  notice?: string | undefined;
  problem?: string | undefined;
  children?: Child;
}

/** A menu entry: where it leads, its label, and on a phone a shorter label or none (the entry is then left out there). */
type NavEntry = [href: string, label: string, phone?: string | null];

function navFor(actor: Actor, words: Words): NavEntry[] {
  switch (actor.role) {
    case 'officer':
      return [
        ['/app', words.t('todo')],
        // The start page's own section: left out on a phone, where the menu has room for three entries.
        ['/app#tenders', words.t('tenders'), null],
        ['/app/overview', words.t('home')],
        ['/app/programmes', words.t('programmeReportProgrammes'), null],
      ];
    case 'auditor':
      return [
        ['/app', words.t('todo')],
        ['/app/clauses', words.t('clauses')],
        ['/app/overview', words.t('home')],
      ];
    case 'contractor':
      return [
        ['/app', words.t('todo')],
        ['/app/clauses', words.t('myClauses'), words.t('clauses')],
        ['/app/overview', words.t('home')],
        // The supervisor register (issue 22): left out on a phone, where the menu has room for three entries.
        ['/app/supervisors', words.t('supervisorsTitle'), null],
      ];
    case 'matcher':
      return [
        ['/app', words.t('menuOpenings')],
        ['/app/candidates', words.t('candidatePool')],
        // Left out on a phone, where the menu has room for two entries beside the language and sign-out.
        ['/app/programmes', words.t('programmeReportProgrammes'), null],
      ];
    default:
      return [['/app', words.t('home')]];
  }
}

export function Page(props: PageProps): Child {
  const { words, actor } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={words.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} – Klausul`}</title>
          <link rel="icon" type="image/svg+xml" href="/app/assets/favicon.svg" />
          <link rel="stylesheet" href="/app/assets/style.css" />
          <script src="/app/assets/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {words.t('skipToContent')}
          </a>
          <header class="top">
            <a class="brand" href="/app">
              <img src="/app/assets/favicon.svg" alt="" width="24" height="24" />
              <span class="brand-name">Klausul</span>
            </a>
            {actor ? (
              <nav aria-label={words.t('mainMenu')}>
                {navFor(actor, words).map(([href, label, phone]) =>
                  phone === undefined ? (
                    <a href={href}>{label}</a>
                  ) : phone === null ? (
                    <a href={href} class="wide-only">
                      {label}
                    </a>
                  ) : (
                    <a href={href}>
                      <span class="wide-only">{label}</span>
                      <span class="phone-only">{phone}</span>
                    </a>
                  ),
                )}
              </nav>
            ) : null}
            <div class="who">
              <nav class="lang" aria-label={words.t('language')}>
                <a href={`${props.path}?lang=sv`} lang="sv" aria-current={words.lang === 'sv' ? 'true' : undefined}>
                  <span class="wide-only">Svenska</span>
                  <abbr class="phone-only" title="Svenska">
                    SV
                  </abbr>
                </a>{' '}
                <a href={`${props.path}?lang=en`} lang="en" aria-current={words.lang === 'en' ? 'true' : undefined}>
                  <span class="wide-only">English</span>
                  <abbr class="phone-only" title="English">
                    EN
                  </abbr>
                </a>
              </nav>
              {actor ? (
                <form method="post" action="/app/logout" class="inline">
                  <input type="hidden" name="_csrf" value={props.csrfToken} />
                  <span class="user">
                    {words.t('signedInAs')}{' '}
                    <a href="/app/me" title={words.t('mailMyPage')}>
                      <strong>{actor.userName}</strong>
                    </a>{' '}
                    ({words.role(actor.role)})
                  </span>{' '}
                  <button type="submit" class="link">
                    {words.t('signOut')}
                  </button>
                </form>
              ) : null}
            </div>
          </header>
          <main id="main">
            <h1>{props.title}</h1>
            {props.notice ? (
              <p class="notice" role="status">
                {props.notice}
              </p>
            ) : null}
            {/* Focused when the refused form is gone from the page (its anchor then lands nowhere), e.g. an event no longer allowed. */}
            {props.problem ? (
              <p class="problem" role="alert" tabindex={-1} autofocus>
                {props.problem}
              </p>
            ) : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

export const STYLE = `
:root { --ink: #1d2733; --muted: #5b6675; --line: #d5dbe3; --accent: #0b5cab; --accent-soft: #e6f0fa; --ok: #1d7a3a; --warn: #a15c00; --bad: #b3261e; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
header.top { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; padding: 10px 16px; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); display: inline-flex; align-items: center; gap: 6px; flex-shrink: 0; }
header nav { display: flex; gap: 14px; flex-wrap: wrap; }
.who { margin-left: auto; display: flex; flex-wrap: wrap; gap: 10px; align-items: center; font-size: .9rem; color: var(--muted); }
.lang a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6rem; margin: .4em 0 .6em; } h2 { font-size: 1.25rem; margin-top: 1.6em; } h3 { font-size: 1.05rem; }
section.card, .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.table-wrap { overflow-x: auto; }
.notice { background: #e8f5ec; border-left: 4px solid var(--ok); padding: 8px 12px; }
.problem { background: #fdecea; border-left: 4px solid var(--bad); padding: 8px 12px; }
.error-summary p { margin: 0 0 4px; } .error-summary ul { margin: 0; padding-left: 20px; } .error-summary a { color: var(--bad); }
.field { margin: 10px 0; display: flex; flex-direction: column; gap: 4px; max-width: 560px; }
.field.checkbox, div.checkbox { flex-direction: row; align-items: center; gap: 8px; }
.field.checkbox { flex-wrap: wrap; } .field.checkbox .help, .field.checkbox .field-error { flex-basis: 100%; }
fieldset.field { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
input[type=text], input[type=date], input[type=password], input:not([type]), select, textarea { font: inherit; padding: 7px 9px; border: 1px solid #8a96a5; border-radius: 6px; width: 100%; background: #fff; }
.invalid input, .invalid select, .invalid textarea, [aria-invalid=true] { border-color: var(--bad); border-width: 2px; }
.field-error { color: var(--bad); font-weight: 600; font-size: .92rem; }
.help { color: var(--muted); }
button, .button { font: inherit; padding: 8px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 40px; }
button.secondary { background: #fff; color: var(--accent); }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; min-height: 0; }
form.inline { display: inline; }
details.action { border: 1px solid var(--line); border-radius: 8px; background: #fff; margin: 8px 0; }
details.action > summary { cursor: pointer; padding: 10px 14px; font-weight: 600; color: var(--accent); }
details.action > form { padding: 0 14px 12px; }
.actions { display: flex; flex-direction: column; gap: 4px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; background: var(--accent-soft); font-size: .85rem; }
.badge.overdue, .badge.willMiss { background: #fdecea; color: var(--bad); } .badge.atRisk { background: #fff3e0; color: var(--warn); } .badge.onTrack, .badge.met { background: #e8f5ec; color: var(--ok); }
.progress { display: flex; gap: 10px; align-items: center; } .progress meter { flex: 1; height: 18px; min-width: 120px; }
.statechart svg { width: 100%; height: auto; max-width: 760px; color: #6b7785; }
.statechart .node rect { fill: #fff; stroke: #8a96a5; stroke-width: 1.2; } .statechart .node text { font-size: 12px; fill: var(--ink); }
.statechart .node.final rect { stroke-width: 3; stroke-dasharray: 0; } .statechart .node.current rect { fill: var(--accent); stroke: var(--accent); } .statechart .node.current text { fill: #fff; font-weight: 700; }
.statechart .edge.possible { color: var(--accent); } .statechart .edge.possible path { stroke-width: 2.5; }
ol.timeline { list-style: none; padding: 0; border-left: 3px solid var(--line); margin-left: 6px; }
ol.timeline li { padding: 4px 0 10px 14px; position: relative; } ol.timeline li::before { content: ''; position: absolute; left: -8px; top: 10px; width: 12px; height: 12px; border-radius: 50%; background: var(--accent); }
.clause-text { white-space: pre-wrap; background: #fff; border-left: 4px solid var(--accent-soft); padding: 8px 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; }
/* The clause page (issue 19): its status first, the contract's facts, confirmations of irreversible steps. */
.status .status-line { font-size: 1.2rem; margin: .2em 0 .4em; }
ul.requests { background: #fff3e0; border-left: 4px solid var(--warn); padding: 6px 12px 6px 28px; }
details.statechart-panel > summary { cursor: pointer; font-weight: 600; color: var(--accent); padding: 6px 0; }
.statechart-text ul { padding-left: 20px; font-size: .92rem; }
dl.facts-list { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 8px; } dl.facts-list dt { color: var(--muted); } dl.facts-list dd { margin: 0; }
p.warning { background: #fff3e0; border-left: 4px solid var(--warn); padding: 6px 10px; font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.evidence ul, .attestation { font-size: .92rem; } .evidence ul { padding-left: 20px; margin: 4px 0; }
.phone-only { display: none; }
@media (max-width: 600px) { dl.facts-list { grid-template-columns: 1fr; gap: 0; } dl.facts-list dd { margin-bottom: 6px; } }
@media (max-width: 600px) {
  main { padding: 10px; } th, td { padding: 5px 4px; font-size: .92rem; }
  /* The header on one line: who is signed in is said on wider screens; the language switch names only the other language. */
  header.top { flex-wrap: nowrap; gap: 8px; padding: 8px 10px; font-size: .88rem; } .brand { font-size: 1.05rem; }
  /* A menu longer than the line scrolls sideways within the header, never the page. */
  header nav { gap: 10px; flex-wrap: nowrap; white-space: nowrap; min-width: 0; overflow-x: auto; } .who { gap: 8px; flex-wrap: nowrap; white-space: nowrap; flex-shrink: 0; }
  .who .user, .brand-name { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .lang a[aria-current] { display: none; }
  /* Shorter words on a phone: the language by its code, "Klausuler" for "Mina klausuler"; the tenders' entry left to the start page. */
  .wide-only { display: none; } .phone-only { display: inline; }
  /* Tables become stacked cards, each cell named by its column (data-label, set by app.js from the table's head). */
  table[data-stacked], table[data-stacked] tbody, table[data-stacked] tr, table[data-stacked] td { display: block; width: 100%; }
  table[data-stacked] { background: none; } table[data-stacked] thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table[data-stacked] tr { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; padding: 6px 10px; }
  table[data-stacked] td { border: none; padding: 3px 0; }
  table[data-stacked] td[data-label]::before { content: attr(data-label); display: block; font-size: .8rem; font-weight: 600; color: var(--muted); }
}
${CHART_STYLE}`;

/**
 * Progressive enhancement: focus on a refused form's error summary (or the
 * page's problem), each table cell named by its column for the phone's
 * stacked cards, and a live preview of the clause text while the draft form
 * is filled in.
 */
export const SCRIPT = `
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('.error-summary, main > .problem');
  // Again once loaded: scrolling to the refused form's anchor takes the focus away.
  if (summary) { summary.focus(); addEventListener('load', () => requestAnimationFrame(() => summary.focus())); }
  for (const table of document.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    if (heads.length === 0) continue;
    for (const row of table.querySelectorAll('tbody tr')) [...row.children].forEach((cell, i) => { if (heads[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', heads[i]); });
    table.setAttribute('data-stacked', '');
  }
  const form = document.querySelector('form[data-preview]');
  if (!form) return;
  const out = document.getElementById('preview-text');
  let timer;
  const refresh = async () => {
    const body = new URLSearchParams(new FormData(form));
    const res = await fetch(form.dataset.preview, { method: 'POST', body, headers: { 'x-csrf-token': form.querySelector('[name=_csrf]').value } });
    if (res.ok) out.textContent = (await res.json()).text;
  };
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });
  form.addEventListener('change', () => { clearTimeout(timer); timer = setTimeout(refresh, 50); });
  const select = form.querySelector('select[name=templateId]');
  if (select) select.addEventListener('change', () => { location.href = location.pathname + '?template=' + encodeURIComponent(select.value); });
});
`;

/** The application's icon: a K on the accent colour. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cab"/><path d="M10 7h4v7.5L20.5 7h4.8l-7.2 8.2L25.6 25h-4.9l-5.4-7.1-1.3 1.4V25h-4z" fill="#fff"/></svg>`;
