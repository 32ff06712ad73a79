// The studio page: plain JS over the studio API. Streams are read from fetch() (EventSource cannot POST).
"use strict";
const API = "/api/v1/profile-creator";
const HEADERS = { "Content-Type": "application/json", "X-Profile-Creator": "1" };
const $ = (id) => document.getElementById(id);
const state = { type: null, style: null, session: null, galleryPage: 1, renders: 0 };
const ELEMENT_LABELS = { subject: "Subject", style: "Style", mood: "Expression / mood", background: "Background",
  text: "Text / symbols", color_scheme: "Colour scheme", shape: "Shape" };
const ELEMENTS = { profile_picture: ["subject", "style", "mood", "background", "text"],
  streamer_logo: ["subject", "style", "color_scheme", "shape"] };

function notice(text) { const n = $("notice"); n.textContent = text || ""; n.hidden = !text; }

async function json(path, options = {}) {
  const response = await fetch(API + path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

// POST and read server-sent events; onEvent(name, data) for each.
async function stream(path, body, onEvent) {
  const response = await fetch(API + path, { method: "POST", headers: HEADERS, body: JSON.stringify(body) });
  if (!response.ok) {
    const failure = await response.json().catch(() => ({}));
    throw new Error(failure.error || `HTTP ${response.status}`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      const name = (frame.match(/^event: (.*)$/m) || [])[1];
      const data = (frame.match(/^data: (.*)$/m) || [])[1];
      if (name) onEvent(name, data ? JSON.parse(data) : {});
    }
  }
}

async function refreshAccess() {
  try {
    const a = await json("/access");
    $("access").textContent = `${a.tier} tier · ${a.used} / ${a.limit} creations this month · ${a.remaining} left` +
      ` · ${a.renders_per_credit} renders per creation`;
  } catch (error) {
    $("access").textContent = error.message;
    if (error.message.startsWith("Log in")) $("login").hidden = false;
  }
}

function card(item, group, onPick) {
  const button = document.createElement("button");
  button.type = "button"; button.className = "card"; button.setAttribute("aria-pressed", "false");
  button.dataset.value = item.value;
  button.innerHTML = `<span class="emoji" aria-hidden="true">${item.emoji}</span><strong></strong><small></small>`;
  button.querySelector("strong").textContent = item.label;
  button.querySelector("small").textContent = item.look || "";
  if (item.palette) {
    const swatches = document.createElement("span"); swatches.className = "swatches"; swatches.setAttribute("aria-hidden", "true");
    item.palette.forEach((c) => { const s = document.createElement("span"); s.style.background = c; swatches.append(s); });
    button.append(swatches);
  }
  button.addEventListener("click", () => {
    group.querySelectorAll(".card").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    onPick(item.value);
  });
  return button;
}

function addMessage(role, text) {
  const li = document.createElement("li"); li.className = role; li.textContent = text;
  $("transcript").append(li); $("transcript").scrollTop = $("transcript").scrollHeight;
  return li;
}

function showBrief(b) {
  const list = $("brief-list"); list.replaceChildren();
  for (const element of ELEMENTS[state.type] || []) {
    const li = document.createElement("li");
    const value = b.brief[element];
    const missing = b.missing.includes(element);
    li.className = missing ? "todo" : "ok";
    li.textContent = `${missing ? "…" : "✓"} ${ELEMENT_LABELS[element]}: ${value || "still needed"}`;
    list.append(li);
  }
  $("brief-state").textContent = b.ready ? "Ready to generate." : "The coach is still gathering the brief.";
  $("step-options").hidden = !b.ready;
}

async function coachEvents(name, data, bubble) {
  if (name === "session") state.session = data.id;
  else if (name === "token") bubble.textContent += data.text;
  else if (name === "brief") showBrief(data);
  else if (name === "notice") notice(data.message);
}

async function start() {
  notice(""); $("start").disabled = true;
  $("step-chat").hidden = false;
  const bubble = addMessage("model", "");
  try {
    await stream("/start", { type: state.type, style: state.style, description: $("description").value,
      colors: $("colors").value }, (n, d) => coachEvents(n, d, bubble));
    $("step-type").hidden = true; $("step-style").hidden = true;
    $("message").focus();
  } catch (error) { notice(error.message); bubble.remove(); $("start").disabled = false; }
  refreshAccess();
}

async function send(event) {
  event.preventDefault();
  const text = $("message").value.trim();
  if (!text || !state.session) return;
  $("message").value = ""; $("send").disabled = true;
  addMessage("user", text);
  const rendered = !$("step-renders").hidden;
  try {
    if (rendered) { await generate(text); return; } // after a render, words are an edit of it
    const bubble = addMessage("model", "");
    await stream(`/sessions/${state.session}/messages`, { content: text }, (n, d) => coachEvents(n, d, bubble));
  } catch (error) { notice(error.message); } finally { $("send").disabled = false; $("message").focus(); }
}

function options() {
  return { size: Number($("size").value), format: $("format").value, background: $("background").value };
}

async function generate(change = "", vary = false) {
  notice(""); $("generate").disabled = true; $("progress").textContent = "Queued…";
  try {
    const body = { ...options(), change, vary, expect_renders: state.renders };
    await stream(`/sessions/${state.session}/generate`, body, (name, data) => {
      if (name === "progress") $("progress").textContent = data.message;
      else if (name === "render") { $("progress").textContent = `Done: render ${data.number} of ${data.budget}.`; }
      else if (name === "error") { $("progress").textContent = ""; notice(data.error); }
    });
    await loadSession();
  } catch (error) { notice(error.message); $("progress").textContent = ""; }
  $("generate").disabled = false;
  refreshAccess();
}

function renderCard(r) {
  const div = document.createElement("div"); div.className = "render";
  div.innerHTML = `<img alt="Render ${r.id}"><div class="row"><button type="button" class="vary">Vary</button>
    <label class="sr">Export <select class="export-size" aria-label="Export size"><option>256</option><option selected>512</option>
    <option>1024</option></select></label><select class="export-format" aria-label="Export format"><option value="png">PNG</option>
    <option value="webp">WebP</option><option value="svg">SVG (vector)</option></select><a class="button export">Export</a><a class="button pack">Pack</a></div>
    <div class="stars row" role="group" aria-label="Rate this render"></div>`;
  div.querySelector("img").src = r.file;
  if (r.offline) {  // said on the render itself, not only in the chat
    const label = document.createElement("p"); label.className = "offline-label";
    label.textContent = "Offline design — set GEMINI_API_KEY for AI renders";
    div.insertBefore(label, div.querySelector(".row"));
  }
  const exportLink = div.querySelector("a.export");
  const update = () => {
    const format = div.querySelector(".export-format").value;
    if (format === "svg") { exportLink.href = `${r.export}?format=svg`; exportLink.setAttribute("download", ""); return; }
    exportLink.href = `${r.export}?size=${div.querySelector(".export-size").value}` +
      `&format=${div.querySelector(".export-format").value}&background=${encodeURIComponent($("background").value)}`;
    exportLink.setAttribute("download", "");
  };
  div.querySelectorAll("select").forEach((s) => s.addEventListener("change", update)); update();
  div.querySelector("a.pack").href = r.pack; div.querySelector("a.pack").setAttribute("download", "");
  div.querySelector(".vary").addEventListener("click", () => generate("", true));
  const stars = div.querySelector(".stars");
  for (let n = 1; n <= 5; n++) {
    const b = document.createElement("button"); b.type = "button"; b.textContent = "★";
    b.setAttribute("aria-label", `${n} star${n > 1 ? "s" : ""}`); b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", async () => {
      try {
        await fetch(`${API}/renders/${r.render_id}/rating`, { method: "POST", headers: HEADERS, body: JSON.stringify({ stars: n }) });
        stars.querySelectorAll("button").forEach((x, i) => x.setAttribute("aria-pressed", String(i < n)));
      } catch (error) { notice(error.message); }
    });
    stars.append(b);
  }
  return div;
}

async function loadSession() {
  const s = await json(`/sessions/${state.session}`);
  state.type = s.type; state.renders = s.renders_used;
  showBrief(s);
  const renders = $("renders"); renders.replaceChildren(...s.renders.map(renderCard));
  $("step-renders").hidden = s.renders.length === 0;
  $("renders-left").textContent = `(${s.renders_left} of ${s.budget} left)`;
  $("message-label").textContent = s.renders.length ? "Describe a change (edits your last render)" : "Your message";
  if (!s.live) { $("step-options").hidden = true; $("chat-form").hidden = true; }
}

async function resumeOpenSession() {
  try {
    const s = await json("/sessions/current");
    state.session = s.id; state.type = s.type;
    $("step-type").hidden = true; $("step-style").hidden = true; $("step-chat").hidden = false;
    s.transcript.forEach((t) => addMessage(t.role, t.content));
    await loadSession();
  } catch { /* no open session: start from the type cards */ }
}

async function showGallery(page = 1) {
  try {
    const g = await json(`/gallery?page=${page}`);
    state.galleryPage = g.page;
    $("gallery").hidden = false;
    $("gallery-grid").replaceChildren(...g.items.map((c) => {
      const a = document.createElement("a"); a.href = c.file; a.target = "_blank"; a.rel = "noopener";
      const img = document.createElement("img"); img.src = c.thumbnail; img.alt = `${c.type.replace("_", " ")}, ${c.style}, ${c.size} px`;
      a.append(img); return a;
    }));
    $("gallery-page").textContent = g.total ? `Page ${g.page} of ${g.pages} (${g.total} in all)` : "Nothing here yet.";
    $("gallery").scrollIntoView();
  } catch (error) { notice(error.message); }
}

async function init() {
  const me = await json("/me").catch(() => null);
  if (!me) { $("login").hidden = false; $("access").textContent = "Log in with Discord to start."; return; }
  const presets = await json("/presets");
  presets.types.forEach((t) => $("type-cards").append(card(t, $("type-cards"), (v) => {
    state.type = v; $("step-style").hidden = false; $("style-cards").querySelector(".card").focus();
  })));
  presets.styles.forEach((s) => $("style-cards").append(card(s, $("style-cards"), (v) => {
    state.style = v; $("start").disabled = false;
  })));
  $("start").addEventListener("click", start);
  $("chat-form").addEventListener("submit", send);
  $("generate").addEventListener("click", () => generate());
  $("done").addEventListener("click", async () => {
    try {
      const r = await fetch(`${API}/sessions/${state.session}/done`, { method: "POST", headers: HEADERS });
      notice((await r.json()).message || "Closed."); $("step-options").hidden = true; $("chat-form").hidden = true;
    } catch (error) { notice(error.message); }
  });
  $("show-gallery").addEventListener("click", () => showGallery(1));
  $("gallery-prev").addEventListener("click", () => showGallery(Math.max(1, state.galleryPage - 1)));
  $("gallery-next").addEventListener("click", () => showGallery(state.galleryPage + 1));
  refreshAccess();
  resumeOpenSession();
}
init();
