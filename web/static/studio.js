// The studio page: plain JS modules over the studio API (api.js), render cards in renders.js.
import { json, post, stream, upload } from "./api.js";
import { showBrief, wireBrief } from "./brief.js";
import { renderCard } from "./renders.js";

const $ = (id) => document.getElementById(id);
const state = { type: null, style: null, session: null, galleryPage: 1, renders: 0, rendered: false, access: null };
let elements = {};  // per creation type: [{name, label}], from /presets (the brief's own rules)

function notice(text) { const n = $("notice"); n.textContent = text || ""; n.hidden = !text; }

function when(iso) {
  return new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "long" });
}

// Plain words: a creation is a design session; its credit is "in use" until the first render is delivered.
async function refreshAccess() {
  try {
    const a = await json("/access");
    state.access = a;
    const plural = a.limit === 1 ? "" : "s";
    const used = a.used - a.in_use;
    $("access").textContent = `${a.tier[0].toUpperCase()}${a.tier.slice(1)} tier · ${a.limit} creation${plural} a month: ` +
      `${used} used${a.in_use ? ", 1 in use by your open design" : ""}, ${a.remaining} left`;
    $("access-help").textContent = `A creation is one design session: talk with the coach, then up to ` +
      `${a.renders_per_credit} renders. It counts once your first render arrives; a session closed before that ` +
      `gives it back. ${a.brand_kit_credits ? "Exports, platform packs and emotes are free; a brand kit's art " +
      "costs one creation, once per render (getting that kit again is free). " :
      "Exports, platform packs, brand kits and emotes are free. "}` +
      `More on ${when(a.resets_at)}.`;
    return a;
  } catch (error) {
    $("access").textContent = error.message;
    if (error.message.startsWith("Log in")) $("login").hidden = false;
    return null;
  }
}

function card(item, group, onPick) {
  const button = document.createElement("button");
  button.type = "button"; button.className = "card"; button.setAttribute("aria-pressed", "false");
  button.dataset.value = item.value;
  button.innerHTML = "<strong></strong><small></small>";
  button.querySelector("strong").textContent = item.label;
  button.querySelector("small").textContent = item.look || item.noun || "";
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

// The transcript follows streamed text while the reader is at its end (not when they scrolled up to reread).
function follow(force = false) {
  const t = $("transcript");
  if (force || t.scrollHeight - t.scrollTop - t.clientHeight < 80) t.scrollTop = t.scrollHeight;
}

function addMessage(role, text) {
  const li = document.createElement("p"); li.className = role; li.textContent = text;
  $("transcript").append(li); follow(true);
  return li;
}

// The card edits the brief of this session; its fields are this creation type's.
function cardFor(sessionId) {
  wireBrief(sessionId, elements[state.type] || [], { rendered: () => state.rendered, onError: notice,
    onChange: (answer) => { notice(""); followBackground(answer && answer.background_option); } });
}

// A brief that describes a scene preselects "the designed background" on the server: the select follows when that
// choice changes there, and otherwise keeps what the user picked.
let serverBackground = null;
function followBackground(value) {
  if (!value || value === serverBackground) return;
  serverBackground = value;
  if ([...$("background").options].some((o) => o.value === value)) $("background").value = value;
}

function coachEvents(name, data, bubble) {
  if (name === "session") { state.session = data.id; cardFor(data.id); }
  else if (name === "token") { bubble.textContent += data.text; follow(); }
  else if (name === "brief") { showBrief(data); followBackground(data.background_option); }
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
  } catch (error) {
    notice(error.message); bubble.remove(); $("start").disabled = false;
    if (!state.session) $("step-chat").hidden = true;
  }
  refreshAccess();
}

async function send(event) {
  event.preventDefault();
  const text = $("message").value.trim();
  if (!text || !state.session) return;
  $("message").value = ""; $("send").disabled = true;
  addMessage("user", text);
  try {
    if (state.rendered) { await generate(text); return; } // after a render, words are an edit of it
    await coachTurn({ content: text });
  } catch (error) { notice(error.message); } finally { $("send").disabled = false; $("message").focus(); }
}

async function coachTurn(body) {
  const bubble = addMessage("model", "");
  await stream(`/sessions/${state.session}/messages`, body, (n, d) => coachEvents(n, d, bubble));
  if (!bubble.textContent) bubble.remove();
}

async function addReference(file) {
  if (!file || !state.session) return;
  notice("");
  try {
    const added = await upload(`/sessions/${state.session}/references`, file);
    const notes = added.notes.length ? ` (${added.notes.join("; ")})` : "";
    addMessage("user", `Reference image added: ${added.width}×${added.height}${notes}.`);
    if (state.rendered) notice("Reference added: describe a change to use it in an edit of your render.");
    else await coachTurn({ content: "", new_reference: true });
  } catch (error) { notice(error.message); }
  $("reference").value = "";
}

function options() {
  return { size: Number($("size").value), format: $("format").value, background: $("background").value };
}

async function generate(change = "", vary = false) {
  notice(""); $("generate").disabled = true; $("progress").textContent = "Queued…";
  let made = false;
  try {
    const body = { ...options(), change, vary, expect_renders: state.renders };
    await stream(`/sessions/${state.session}/generate`, body, (name, data) => {
      if (name === "progress") $("progress").textContent = data.message;
      else if (name === "reply") addMessage("model", data.text);  // the coach's line on an edit, as it comes
      else if (name === "render") {
        made = true;
        const notes = data.notes.length ? ` ${data.notes.join(" ")}` : "";
        $("progress").textContent = `Done: render ${data.number} of ${data.budget}.${notes}`;
      } else if (name === "error") { $("progress").textContent = ""; notice(data.error); }
    });
  } catch (error) { notice(error.message); $("progress").textContent = ""; }
  await loadSession(made);
  refreshAccess();
}

// Controls that can no longer work are disabled or hidden, with the reason in the page's own words.
function endStates(s) {
  const spent = s.live && s.renders_left === 0 && s.renders.length > 0;
  $("generate").disabled = !s.live || spent;
  $("message").disabled = $("send").disabled = $("reference").disabled = !s.live || spent;
  $("done").hidden = !s.live;
  $("new-design").hidden = s.live;
  $("chat-form").hidden = !s.live;
  document.querySelectorAll("#brief-card input, #brief-card button").forEach((e) => { e.disabled = !s.live; });
  if (!s.live) {
    $("step-options").hidden = true;
    notice("This session is closed. Your renders stay in the gallery; start a new design whenever you like.");
  } else if (spent) {
    notice(`That was the last of this session's ${s.budget} renders. Export any of them for free, then press ` +
      "Done and start a new design.");
  }
}

async function loadSession(scrollToNewest = false) {
  const s = await json(`/sessions/${state.session}`);
  state.type = s.type; state.renders = s.renders_used; state.rendered = s.renders.length > 0;
  cardFor(s.id); showBrief(s); followBackground(s.background_option);
  const ctx = { budget: s.budget, background: () => $("background").value, onError: notice,
    onVary: s.live && s.renders_left > 0 ? () => generate("", true) : null };
  const cards = s.renders.map((r, i) => renderCard(r, i === s.renders.length - 1, ctx));
  $("renders").replaceChildren(...cards);
  $("step-renders").hidden = s.renders.length === 0;
  $("renders-left").textContent = `(${s.renders_left} of ${s.budget} left)`;
  $("message-label").textContent = s.renders.length ? "Describe a change (edits your newest render)" : "Your message";
  $("send").textContent = s.renders.length ? "Edit" : "Send";
  endStates(s);
  if (scrollToNewest && cards.length) cards[cards.length - 1].scrollIntoView({ block: "nearest" });
}

async function resume(sessionId) {
  const s = await json(`/sessions/${sessionId}`);
  state.session = s.id; state.type = s.type;
  $("step-type").hidden = true; $("step-style").hidden = true; $("step-chat").hidden = false;
  s.transcript.forEach((t) => addMessage(t.role, t.content));
  await loadSession();
}

function noCredits(a) {
  document.querySelectorAll("#type-cards .card, #style-cards .card").forEach((b) => { b.disabled = true; });
  $("start").disabled = true;
  notice(`You've used this month's ${a.limit === 1 ? "creation" : "creations"}. More on ${when(a.resets_at)}; ` +
    "everything you made stays in the gallery.");
}

function kitLink(k) {
  const link = document.createElement("a"); link.className = "kit-again"; link.href = k.download; link.download = "";
  const made = new Date(k.created_at * 1000).toLocaleDateString();
  link.textContent = `🎁 Brand kit${k.name ? ` “${k.name}”` : ""}, ${k.matte} chat, ${made} ` +
    `(${(k.bytes / 1e6).toFixed(1)} MB)`;
  return link;
}

async function showGallery(page = 1) {
  try {
    const g = await json(`/gallery?page=${page}`);
    state.galleryPage = g.page;
    $("gallery").hidden = false;
    $("gallery-grid").replaceChildren(...g.items.map((c) => {
      const figure = document.createElement("figure"); figure.className = "kept";
      const a = document.createElement("a"); a.href = c.file; a.target = "_blank"; a.rel = "noopener";
      const img = document.createElement("img"); img.src = c.thumbnail; img.alt = `${c.type.replace("_", " ")}, ${c.style}, ${c.size} px`;
      a.append(img); figure.append(a);
      // Each kit kept with this render: its ZIP again, as it was made (no model call, no credit).
      (c.kits || []).forEach((k) => figure.append(kitLink(k)));
      return figure;
    }));
    $("gallery-page").textContent = g.total ? `Page ${g.page} of ${g.pages} (${g.total} in all)` : "Nothing here yet.";
    $("gallery").scrollIntoView();
  } catch (error) { notice(error.message); }
}

function wireReferences() {
  $("reference").addEventListener("change", () => addReference($("reference").files[0]));
  const zone = $("step-chat");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("dropping"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropping"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault(); zone.classList.remove("dropping");
    if (!$("reference").disabled) addReference(e.dataTransfer.files[0]);
  });
}

async function init() {
  const me = await json("/me").catch(() => null);
  if (!me) { $("login").hidden = false; $("access").textContent = "Log in with Discord to start."; return; }
  const presets = await json("/presets");
  elements = Object.fromEntries(presets.types.map((t) => [t.value, t.elements || []]));
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
    try { await post(`/sessions/${state.session}/done`); await loadSession(); refreshAccess(); }
    catch (error) { notice(error.message); }
  });
  $("new-design").addEventListener("click", () => window.location.assign("/"));
  $("show-gallery").addEventListener("click", () => showGallery(1));
  $("gallery-prev").addEventListener("click", () => showGallery(Math.max(1, state.galleryPage - 1)));
  $("gallery-next").addEventListener("click", () => showGallery(state.galleryPage + 1));
  wireReferences();
  const a = await refreshAccess();
  if (a && a.open_session) await resume(a.open_session);
  else if (a && a.remaining === 0) noCredits(a);
}
init();
