// The search page of `tvlt serve`: no framework, no build step. It talks to the server's JSON routes:
// GET /index (is there an index?), POST /search and GET /search?id= (nearest clips), POST /embed (the vector
// when there is no index), POST /reconstruct and GET /reconstruct?id= (the MAE picture) and GET /thumbnail?id=
// (result pictures).
"use strict";

const $ = (id) => document.getElementById(id);
const page = { index: null, objectUrl: null, generation: 0 };

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").classList.toggle("error", Boolean(isError));
}

function searchParams() {
  const k = Math.min(100, Math.max(1, parseInt($("k-input").value, 10) || 12));
  const rerank = Math.min(20, Math.max(0, parseInt($("rerank-input").value, 10) || 0));
  return "k=" + k + (rerank > 0 ? "&rerank=" + rerank : "");
}

async function json(response) {
  const body = await response.json().catch(() => ({ error: response.status + " " + response.statusText }));
  if (!response.ok) {
    throw new Error(body.error || (response.status + " " + response.statusText));
  }
  return body;
}

function showVector(vector, pooling) {
  let sum = 0, squares = 0, min = Infinity, max = -Infinity;
  for (const v of vector) { sum += v; squares += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const rows = [
    ["dimensions", String(vector.length)],
    ["pooling", pooling],
    ["L2 norm", Math.sqrt(squares).toFixed(4)],
    ["mean", (sum / vector.length).toFixed(4)],
    ["min / max", min.toFixed(4) + " / " + max.toFixed(4)],
    ["first values", vector.slice(0, 6).map((v) => v.toFixed(3)).join(", ") + (vector.length > 6 ? ", \u2026" : "")],
  ];
  const list = $("vector-summary");
  list.replaceChildren();
  for (const [name, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }
}

function showResults(results) {
  const list = $("results");
  list.replaceChildren();
  if (results.length === 0) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = "No clips.";
    list.append(empty);
    return;
  }
  results.forEach((hit, rank) => {
    const item = document.createElement("li");
    item.className = "result";
    item.dataset.clipId = hit.id;
    item.dataset.rank = String(rank + 1);
    const link = document.createElement("a");
    link.href = "?id=" + encodeURIComponent(hit.id);
    link.title = "Search by " + hit.id;
    const img = document.createElement("img");
    img.src = hit.thumbnail;
    img.alt = hit.id;
    img.loading = "lazy";
    const name = document.createElement("span");
    name.className = "clip-id";
    name.textContent = hit.id;
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = "cosine " + hit.score.toFixed(4)
        + (hit.match !== undefined ? " \u00b7 match " + hit.match.toFixed(3) : "");
    link.append(img, name, score);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      history.pushState({ id: hit.id }, "", link.href);
      searchById(hit.id);
    });
    item.append(link);
    list.append(item);
  });
}

function showQuery(name, thumbnail) {
  $("query").hidden = false;
  $("query-name").textContent = name;
  $("query-thumbnail").hidden = !thumbnail;
  if (thumbnail) {
    $("query-thumbnail").src = thumbnail;
  }
  $("reconstruction-figure").hidden = true;
  $("reconstruction-note").hidden = true;
}

function note(text) {
  $("reconstruction-note").textContent = text;
  $("reconstruction-note").hidden = false;
}

// The reconstruction of an upload (POST /reconstruct) or of an indexed clip (GET /reconstruct?id=).
async function reconstruct(request, generation) {
  try {
    const response = await request;
    if (!response.ok) {
      await json(response);
    }
    const picture = URL.createObjectURL(await response.blob());
    if (generation !== page.generation) {
      URL.revokeObjectURL(picture);
      return;
    }
    if (page.objectUrl) {
      URL.revokeObjectURL(page.objectUrl);
    }
    page.objectUrl = picture;
    $("reconstruction").src = picture;
    $("reconstruction-figure").hidden = false;
  } catch (error) {
    if (generation === page.generation) {
      note("No reconstruction: " + error.message);
    }
  }
}

async function searchByUpload(file) {
  const generation = ++page.generation;
  showQuery(file.name, null);
  setStatus(page.index ? "Searching\u2026" : "Embedding\u2026");
  const upload = new FormData();
  upload.append("clip", file);
  const picture = reconstruct(fetch("/reconstruct", { method: "POST", body: upload }), generation);
  const form = new FormData();
  form.append("clip", file);
  try {
    if (page.index) {
      const body = await json(await fetch("/search?" + searchParams(), { method: "POST", body: form }));
      if (generation !== page.generation) return;
      showVector(body.query.vector, body.query.pooling);
      showResults(body.results);
      setStatus(body.results.length + " nearest clips of " + file.name);
    } else {
      const body = await json(await fetch("/embed", { method: "POST", body: form }));
      if (generation !== page.generation) return;
      showVector(body.vector, body.pooling);
      setStatus("Embedded " + file.name + " (the server has no index: start it with --index to search)");
    }
  } catch (error) {
    if (generation === page.generation) setStatus(error.message, true);
  }
  await picture;
}

async function searchById(id) {
  const generation = ++page.generation;
  showQuery(id, "/thumbnail?id=" + encodeURIComponent(id));
  if (!page.index) {
    setStatus("The server has no index, so it cannot search by id: start it with --index.", true);
    return;
  }
  setStatus("Searching\u2026");
  const picture = reconstruct(fetch("/reconstruct?id=" + encodeURIComponent(id)), generation);
  try {
    const body = await json(await fetch("/search?id=" + encodeURIComponent(id) + "&" + searchParams()));
    if (generation !== page.generation) return;
    showVector(body.query.vector, body.query.pooling);
    showResults(body.results);
    setStatus(body.results.length + " nearest clips of " + id);
  } catch (error) {
    if (generation === page.generation) setStatus(error.message, true);
  }
  await picture;
}

function idFromLocation() {
  return new URLSearchParams(location.search).get("id");
}

async function start() {
  try {
    const index = await json(await fetch("/index"));
    page.index = index.available ? index : null;
    $("index-info").textContent = page.index
        ? "Index of " + index.clips + " clips, model " + index.model + " (" + index.pooling + " pooling, "
            + index.dims + " dimensions)"
        : "No index: uploads show the vector and the reconstruction only.";
  } catch (error) {
    $("index-info").textContent = "Cannot read the server's index description: " + error.message;
  }
  const input = $("clip-input");
  input.addEventListener("change", () => {
    if (input.files.length > 0) searchByUpload(input.files[0]);
  });
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer.files.length > 0) searchByUpload(event.dataTransfer.files[0]);
  });
  window.addEventListener("popstate", () => {
    const id = idFromLocation();
    if (id) searchById(id);
  });
  const id = idFromLocation();
  if (id) {
    await searchById(id);
  } else {
    setStatus("Choose a clip to start.");
  }
  document.body.dataset.ready = "true";
}

start();
