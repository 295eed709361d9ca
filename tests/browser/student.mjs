// The student's view in a real browser: Debian's Chromium, driven by playwright-core, against a Jupyter Notebook 6.4
// server that tests/test_browser.py started with the Cuaderno kernel (quick mode). Each check is recorded by name in
// a JSON file the Python test reads; a failed check does not stop the others.
//   node student.mjs SERVER_URL TOKEN COURSE_NOTEBOOK SCRATCH_NOTEBOOK ARTIFACTS_DIR RESULTS_JSON [HOMEWORK_NOTEBOOK]
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [server, token, courseNotebook, scratchNotebook, artifacts, resultsFile, homework] = process.argv.slice(2);
const results = [];
const KERNEL_START_MS = 180_000;
const RUN_ALL_MS = 600_000;

async function check(name, body) {
  const start = Date.now();
  try {
    const detail = await body();
    results.push({ name, ok: true, detail: detail ?? null, seconds: (Date.now() - start) / 1000 });
  } catch (error) {
    results.push({ name, ok: false, message: String(error?.stack ?? error), seconds: (Date.now() - start) / 1000 });
  }
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CUADERNO_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(60_000);

// Opens a notebook and waits until its kernel answers; autosave off so the file stays as it was.
async function open(notebook) {
  await page.goto(`${server}/notebooks/${encodeURIComponent(notebook)}?token=${token}`);
  await page.waitForFunction(() => window.Jupyter?.notebook?._fully_loaded
      && Jupyter.notebook.kernel?.is_connected() && Jupyter.notebook.kernel.info_reply?.status === 'ok',
    null, { timeout: KERNEL_START_MS });
  await page.evaluate(() => Jupyter.notebook.set_autosave_interval(0));
}

// True once no cell is running or queued and the kernel is idle.
async function waitIdle(timeout) {
  await page.waitForFunction(() => {
    const running = Jupyter.notebook.get_cells().some(c => c.element[0].classList.contains('running'));
    return !running && document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_idle_icon');
  }, null, { timeout, polling: 250 });
}

// Text of each code cell's output area, by cell index.
async function outputs() {
  return page.evaluate(() => Jupyter.notebook.get_cells().map(c =>
    c.cell_type === 'code' ? c.output_area.element[0].innerText : null));
}

// The whole notebook in one picture: the page scrolls inside #site, so let it grow first.
async function screenshot(name) {
  await page.addStyleTag({ content: '#site { height: auto !important; overflow: visible !important; }'
      + ' body, html { height: auto !important; overflow: visible !important; }' });
  await page.screenshot({ path: join(artifacts, `browser-${name}.png`), fullPage: true });
}

// A new cell at the bottom, typed into as a student types; returns its index.
async function typeInNewCell(text) {
  const index = await page.evaluate(() => {
    const cell = Jupyter.notebook.insert_cell_at_bottom('code');
    const i = Jupyter.notebook.find_cell_index(cell);
    Jupyter.notebook.select(i);
    Jupyter.notebook.edit_mode();
    return i;
  });
  await page.keyboard.type(text);
  return index;
}

// The words of an element's text that the browser broke across two lines (a long line should break between words)
async function wordsSplitAcrossLines(selector, cellIndex) {
  return page.evaluate(([selector, i]) => {
    const root = i === null ? document : Jupyter.notebook.get_cell(i).output_area.element[0];
    const element = root.querySelector(selector);
    const split = [];
    const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const word of node.textContent.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
        if (new Set(lines).size > 1) split.push(word[0]);
      }
    }
    return split;
  }, [selector, cellIndex]);
}

async function runCell(index) {
  await page.evaluate(i => { Jupyter.notebook.select(i); Jupyter.notebook.execute_cell(); }, index);
}

// --- the course notebook: Kernel > Restart & Run All, as a student would -----------------------------------------
let courseOpened = false;
await check('course_notebook_opens', async () => {
  await open(courseNotebook);
  courseOpened = true;
  return await page.title();
});

await check('restart_and_run_all', async () => {
  assert(courseOpened, 'the notebook did not open');
  // clear the committed outputs first, so that only this run's outputs are checked
  await page.evaluate(() => Jupyter.notebook.clear_all_output());
  await page.click('#kernellink');
  await page.click('#restart_run_all > a');
  await page.click('.modal-footer button.btn-danger');  // "Restart and Run All Cells"
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
    // every cell ran, or one failed and Run All stopped there
    const ran = cells.every(c => typeof c.input_prompt_number === 'number')
        || document.querySelector('#notebook .output_error') !== null;
    const running = cells.some(c => c.element[0].classList.contains('running'));
    return ran && !running && document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_idle_icon');
  }, null, { timeout: RUN_ALL_MS, polling: 250 });
  const prompts = await page.evaluate(() => Jupyter.notebook.get_cells()
    .filter(c => c.cell_type === 'code').map(c => c.input_prompt_number));
  const notRun = prompts.filter(p => typeof p !== 'number').length;
  assert(notRun === 0, `${notRun} of ${prompts.length} code cells did not run`);
  await screenshot('course');
  return { cells: prompts.length };
});

await check('no_error_or_stderr_outputs', async () => {
  const bad = await page.evaluate(() => Jupyter.notebook.get_cells().flatMap((c, i) => c.cell_type !== 'code' ? []
    : [...c.output_area.element[0].querySelectorAll('.output_error, .output_stderr')]
        .map(o => `cell ${i}: ${o.innerText.slice(0, 300)}`)));
  assert(bad.length === 0, bad.join('\n'));
});

await check('tables_render', async () => {
  const tables = await page.$$eval('.output_html table', ts => ts.map(t => t.querySelectorAll('tbody tr').length));
  assert(tables.length > 0, 'no table in the outputs');
  assert(tables.every(rows => rows > 0), `a table with no rows: ${tables}`);
  return { tables: tables.length };
});

await check('images_decode', async () => {
  const images = await page.$$eval('.output_png img, .output_subarea img',
    imgs => imgs.map(i => ({ complete: i.complete, width: i.naturalWidth, height: i.naturalHeight })));
  assert(images.length >= 3, `only ${images.length} images`);
  const broken = images.filter(i => !i.complete || i.width === 0 || i.height === 0);
  assert(broken.length === 0, `${broken.length} of ${images.length} images did not decode`);
  return { images: images.length };
});

// --- the scratch notebook: live progress, interrupt, Tab completion, Shift-Tab ------------------------------------
let scratchOpened = false;
await check('scratch_notebook_opens', async () => {
  await open(scratchNotebook);
  scratchOpened = true;
});

await check('progress_changes_while_training', async () => {
  assert(scratchOpened, 'the notebook did not open');
  const cells = await page.evaluate(() => Jupyter.notebook.get_cells().map(c => c.get_text()));
  const setup = cells.findIndex(text => text.includes('Sequential model'));
  const training = cells.findIndex(text => text.includes('.fit('));
  await runCell(setup);
  await waitIdle(120_000);
  await runCell(training);
  // sample the progress display; once it has moved a few times, ■ stops the training at its next batch
  const seen = [];
  let stopped = false;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const [text, running] = await page.evaluate(i => {
      const cell = Jupyter.notebook.get_cell(i);
      return [cell.output_area.element[0].innerText, cell.element[0].classList.contains('running')];
    }, training);
    if (text && text !== seen[seen.length - 1]) seen.push(text);
    if (!running && text) break;
    if (seen.length >= 6 && !stopped) {
      await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
      stopped = true;
    }
    await page.waitForTimeout(100);
  }
  await waitIdle(60_000);
  const final = (await outputs())[training];
  // on a quiet machine an epoch can pass between two samples: the bar, then the epochs' lines, are what changes
  const changes = seen.length - 1;
  assert(changes >= 3, `the progress display changed ${changes} times while training: ${JSON.stringify(seen)}`);
  assert(seen.some(text => /ETA/.test(text)), `no progress bar was seen while training: ${JSON.stringify(seen)}`);
  return { progressTexts: changes, stoppedByInterrupt: stopped, first: seen[0]?.slice(0, 120),
           final };
});

await check('a_nan_loss_stops_training', async () => {
  const cells = await page.evaluate(() => Jupyter.notebook.get_cells().map(c => c.get_text()));
  const training = cells.findIndex(text => text.includes('unscaled.fit('));
  await runCell(training);
  await waitIdle(120_000);
  const output = (await outputs())[training];
  assert(/the loss became (NaN|infinite)/.test(output), `the NaN training's cell says: ${output}`);
  return { output, wordsSplit: await wordsSplitAcrossLines('pre', training) };
});

await check('interrupt_stops_a_loop_and_keeps_variables', async () => {
  const cells = await page.evaluate(() => Jupyter.notebook.get_cells().map(c => c.get_text()));
  const define = cells.findIndex(text => text.startsWith('int kept'));
  const loop = cells.findIndex(text => text.startsWith('while (true)'));
  const read = cells.findIndex(text => text.trim() === 'kept');
  await runCell(define);
  await waitIdle(60_000);
  await runCell(loop);
  await page.waitForFunction(() => document.querySelector('#kernel_indicator_icon')
    ?.classList.contains('kernel_busy_icon'), null, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  const pressed = Date.now();
  await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');  // the ■ button
  await waitIdle(30_000);
  const stoppedAfter = (Date.now() - pressed) / 1000;
  const loopOutput = (await outputs())[loop];
  assert(/Interrupted/.test(loopOutput), `the loop's cell says: ${loopOutput}`);
  await runCell(read);
  await waitIdle(30_000);
  const kept = (await outputs())[read];
  assert(kept.includes('7'), `after the interrupt 'kept' shows: ${kept}`);
  return { stoppedAfterSeconds: stoppedAfter };
});

await check('tab_completes_Math_ab_with_abs', async () => {
  const index = await typeInNewCell('Math.ab');
  await page.keyboard.press('Tab');
  // A single match is inserted at once; several open the completer's list
  const result = await page.waitForFunction(i => {
    const text = Jupyter.notebook.get_cell(i).get_text();
    const options = [...document.querySelectorAll('#complete select option')].map(o => o.textContent);
    return (text !== 'Math.ab' || options.length) && { text, options };
  }, index, { timeout: 30_000 }).then(h => h.jsonValue());
  assert(result.text.startsWith('Math.abs') || result.options.some(o => o.startsWith('abs')),
    `after Tab: ${JSON.stringify(result)}`);
  await page.keyboard.press('Escape');
  return result;
});

// Shift-Tab inside a call's brackets: the signatures and the first paragraph of their Javadoc, for a JDK static
// method, a JDK instance method and a method of Cuaderno's API (the kernel reads src.zip and cuaderno-sources.jar)
const SHIFT_TAB_CALLS = { max: 'Math.max(', substring: '"abc".substring(', view: 'Tables.view(' };
await check('shift_tab_shows_the_signature', async () => {
  const tooltips = {}, wordsSplit = {};
  for (const [method, call] of Object.entries(SHIFT_TAB_CALLS)) {
    await typeInNewCell(call);  // the editor closes the bracket; the cursor stays inside
    await page.keyboard.press('Shift+Tab');
    tooltips[method] = await page.waitForFunction(name => {
      const t = document.querySelector('#tooltip');
      return t && t.offsetParent !== null && t.innerText.includes(name + '(') && t.innerText;
    }, method, { timeout: 30_000 }).then(h => h.jsonValue());
    wordsSplit[method] = await wordsSplitAcrossLines('#tooltip pre', null);
    if (method === 'max') await screenshot('scratch');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('#tooltip')?.offsetParent === null, null,
      { timeout: 10_000 });
  }
  return { tooltips: Object.fromEntries(Object.entries(tooltips).map(([m, t]) => [m, t.slice(0, 600)])), wordsSplit };
});

// --- homework: the student version from `cuaderno.jar assign`, answered in the editor, checked by its test cell --
if (homework) {
  await check('homework_answer_passes_its_check', async () => {
    await open(homework);
    const cells = await page.evaluate(() => Jupyter.notebook.get_cells().map(c => c.get_text()));
    const answer = cells.findIndex(text => text.includes('YOUR CODE HERE'));
    const test = cells.findIndex(text => text.includes('Check.'));
    assert(answer >= 0 && test > answer, `no answer cell before a test cell: ${JSON.stringify(cells)}`);
    const runAll = async () => {
      await page.evaluate(() => { Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); });
      await page.waitForFunction(i => typeof Jupyter.notebook.get_cell(i).input_prompt_number === 'number'
          && !Jupyter.notebook.get_cells().some(c => c.element[0].classList.contains('running')),
        test, { timeout: 120_000, polling: 250 });
      await waitIdle(60_000);  // the reply can come before the outputs; the kernel's idle status comes after them
      return (await outputs())[test];
    };
    const unanswered = await runAll();
    assert(/exercise not done yet/.test(unanswered), `the test of an unanswered exercise says: ${unanswered}`);
    // the student replaces the stub's lines with their answer, typing in the cell
    await page.evaluate(i => {
      Jupyter.notebook.select(i);
      Jupyter.notebook.edit_mode();
      const editor = Jupyter.notebook.get_cell(i).code_mirror;
      const lines = editor.getValue().split('\n');
      const first = lines.findIndex(l => l.includes('YOUR CODE HERE'));
      const last = lines.findIndex(l => l.includes('throw new UnsupportedOperationException'));
      editor.setSelection({ line: first, ch: 0 }, { line: last, ch: lines[last].length });
      editor.focus();
    }, answer);
    await page.keyboard.type('    return x * x;');
    await page.keyboard.press('Escape');
    const answered = await runAll();
    const errors = await page.evaluate(i => Jupyter.notebook.get_cell(i).output_area.element[0]
      .querySelectorAll('.output_error, .output_stderr').length, test);
    assert(errors === 0, `the test cell after answering says: ${answered}`);
    await screenshot('homework');
    return { before: unanswered.slice(0, 200), answer: await page.evaluate(i => Jupyter.notebook.get_cell(i).get_text(), answer) };
  });
}

await browser.close();
writeFileSync(resultsFile, JSON.stringify(results, null, 2));
