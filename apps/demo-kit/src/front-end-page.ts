/**
 * The browser front end of the Koa and Fastify documents backends: one page
 * that lists the documents through the service's API and opens one through
 * the proxy (`/cloud/…`). It never sees the cloud's secret or token: the
 * backend adds the token on its way out.
 *
 * @example
 * ```ts
 * router.get('/', (ctx) => {
 *   ctx.type = 'html';
 *   ctx.body = frontEndPage;
 * });
 * ```
 */
export const frontEndPage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Documents</title>
<h1>Documents</h1>
<ul id="documents"></ul>
<pre id="details"></pre>
<script type="module">
  const list = await (await fetch('/api/documents')).json();
  document.querySelector('#documents').textContent = JSON.stringify(list);
  // Through the proxy: the same cloud path the backend would call, relative to /cloud/.
  const details = await fetch('/cloud/words/contract.docx?folder=documents');
  document.querySelector('#details').textContent = await details.text();
</script>
</html>
`;
