/**
 * The page's markup: landmarks, headings and empty regions the script fills in. It works without
 * the script as far as it can (it says that it needs it). The token is hex, so it needs no escaping
 * but is checked to be so.
 *
 * @example
 * ```ts
 * pageHtml('3f9a...')
 * ```
 */
export function pageHtml(token: string): string {
  if (!/^[0-9a-f]+$/.test(token)) throw new Error('the token must be hex');
  const q = `?token=${token}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Invest dashboard</title>
<link rel="stylesheet" href="/assets/page.css${q}">
<script type="module" src="/assets/page.js${q}"></script>
</head>
<body>
<a class="skip" href="#positions-heading">Skip to positions</a>
<header class="top">
  <h1>Invest dashboard</h1>
  <p id="live" class="live" role="status" aria-live="polite">Connecting…</p>
</header>
<main id="main" aria-busy="true">
  <noscript><p>This page needs JavaScript to show the portfolio.</p></noscript>
  <section aria-labelledby="totals-heading">
    <h2 id="totals-heading">Totals</h2>
    <div id="totals" class="totals"></div>
  </section>
  <section aria-labelledby="accounts-heading">
    <h2 id="accounts-heading">Accounts</h2>
    <div id="accounts" class="cards"></div>
  </section>
  <section aria-labelledby="charts-heading">
    <h2 id="charts-heading">Charts</h2>
    <div class="charts">
      <figure><figcaption id="alloc-symbol-caption">Allocation by symbol</figcaption><div class="chart-box"><canvas id="alloc-symbol" role="img" aria-labelledby="alloc-symbol-caption"></canvas></div></figure>
      <figure><figcaption id="alloc-account-caption">Allocation by account</figcaption><div class="chart-box"><canvas id="alloc-account" role="img" aria-labelledby="alloc-account-caption"></canvas></div></figure>
      <figure class="wide">
        <figcaption id="equity-caption">Equity over time</figcaption>
        <fieldset class="range" id="range">
          <legend>Range</legend>
          <label><input type="radio" name="range" value="3600000"> 1 hour</label>
          <label><input type="radio" name="range" value="86400000"> 1 day</label>
          <label><input type="radio" name="range" value="604800000"> 1 week</label>
          <label><input type="radio" name="range" value="0" checked> All</label>
        </fieldset>
        <div class="chart-box"><canvas id="equity" role="img" aria-labelledby="equity-caption"></canvas></div>
        <p id="equity-note" class="note"></p>
      </figure>
    </div>
  </section>
  <section aria-labelledby="positions-heading">
    <h2 id="positions-heading" tabindex="-1">Positions</h2>
    <div id="positions"></div>
  </section>
  <section aria-labelledby="orders-heading">
    <h2 id="orders-heading">Open orders</h2>
    <div id="orders"></div>
  </section>
  <section aria-labelledby="fills-heading">
    <h2 id="fills-heading">Recent fills</h2>
    <div id="fills"></div>
  </section>
</main>
<footer><p>Read-only: this page places no orders. Served on this computer only.</p></footer>
</body>
</html>
`;
}
