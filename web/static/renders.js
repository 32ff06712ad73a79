// A session's render cards: numbered and captioned, with their notes; Vary sits under the newest one only.
import { API, HEADERS } from "./api.js";

function caption(r, budget) {
  const made = r.kind === "vary" && r.of ? ` · Vary of ${r.of}` : r.kind === "edit" ? ` · edit: ${r.change || ""}` : "";
  return `Render ${r.number} of ${budget}${made}`;
}

function exportControls(div, r, background) {
  const link = div.querySelector("a.export");
  const update = () => {
    const format = div.querySelector(".export-format").value;
    link.href = format === "svg" ? `${r.export}?format=svg` : `${r.export}?size=${div.querySelector(".export-size").value}` +
      `&format=${format}&background=${encodeURIComponent(background())}`;
    link.setAttribute("download", "");
  };
  div.querySelectorAll("select").forEach((s) => s.addEventListener("change", update)); update();
  const pack = div.querySelector("a.pack"); pack.href = r.pack; pack.setAttribute("download", "");
}

function stars(div, r, onError) {
  const group = div.querySelector(".stars");
  for (let n = 1; n <= 5; n++) {
    const b = document.createElement("button"); b.type = "button"; b.textContent = "★";
    b.setAttribute("aria-label", `${n} star${n > 1 ? "s" : ""}`); b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", async () => {
      const answer = await fetch(`${API}/renders/${r.render_id}/rating`, { method: "POST", headers: HEADERS,
        body: JSON.stringify({ stars: n }) }).catch(() => null);
      if (!answer || !answer.ok) { onError("The rating was not saved; try again."); return; }
      group.querySelectorAll("button").forEach((x, i) => x.setAttribute("aria-pressed", String(i < n)));
    });
    group.append(b);
  }
}

// The kit's ZIP is made on the server and saved like any download; an emote previews it. When the kit's art costs a
// creation (Gemini, the render's first kit), the first press only says so and the second makes it.
async function brandKit(button, r, card, onError) {
  const matte = card.querySelector(".kit-matte").value;
  if (button.dataset.armed !== "1") {
    const cost = await fetch(`${API}/renders/${r.render_id}/brand-kit`).then((a) => a.json()).catch(() => ({}));
    if (cost.credits > 0) {
      button.dataset.armed = "1"; button.textContent = "Spend 1 creation on this kit? Press again";
      setTimeout(() => { button.dataset.armed = ""; button.textContent = "Brand kit"; }, 8000);
      return;
    }
  }
  button.dataset.armed = ""; button.disabled = true; button.textContent = "Making the kit…";
  try {
    const answer = await fetch(`${API}/renders/${r.render_id}/brand-kit`, { method: "POST", headers: HEADERS,
      body: JSON.stringify({ matte }) });
    if (!answer.ok) { onError((await answer.json().catch(() => ({}))).error || "The kit could not be made."); return; }
    const name = (answer.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await answer.blob()); link.download = name ? name[1] : "brand-kit.zip";
    document.body.append(link); link.click(); link.remove();
    const said = answer.headers.get("X-Kit-Notes");
    if (said) { const li = document.createElement("li"); li.textContent = said; card.querySelector(".notes").append(li); }
    if (!card.querySelector(".emote-preview")) {
      const preview = document.createElement("img"); preview.className = "emote-preview";
      preview.alt = "Animated emote from this render (pulse)"; preview.width = 64; preview.height = 64;
      preview.src = `${API}/renders/${r.render_id}/emotes?motion=pulse&file=discord-128.gif&matte=${matte}`;
      card.querySelector("figcaption").append(preview);
    }
  } finally { button.disabled = false; button.textContent = "Brand kit"; }
}

// r: a render from the session; newest: whether Vary belongs here; ctx: { budget, background(), onVary, onError }.
export function renderCard(r, newest, ctx) {
  const div = document.createElement("figure"); div.className = "render";
  div.innerHTML = `<img alt=""><figcaption><strong class="caption"></strong><ul class="notes"></ul></figcaption>
    <div class="row"><select class="export-size" aria-label="Export size"><option>256</option>
    <option selected>512</option><option>1024</option></select><select class="export-format" aria-label="Export format">
    <option value="png">PNG</option><option value="webp">WebP</option><option value="svg">SVG (vector)</option></select>
    <a class="button export">Export</a><a class="button pack">Pack</a>
    <select class="kit-matte" aria-label="Emote GIFs for"><option value="dark">Emotes: dark chat</option>
    <option value="light">Emotes: light chat</option></select><button type="button" class="kit">Brand kit</button></div>
    <div class="stars row" role="group" aria-label="Rate this render"></div>`;
  const text = caption(r, ctx.budget);
  div.querySelector(".caption").textContent = text;
  div.querySelector("img").src = r.file; div.querySelector("img").alt = text;
  const notes = div.querySelector(".notes");
  for (const note of r.notes || []) { const li = document.createElement("li"); li.textContent = note; notes.append(li); }
  if (r.offline) {  // said on the render itself, not only in the chat
    const li = document.createElement("li"); li.className = "offline-label";
    // Drawn offline because the key's image models need billing: its note says why; otherwise the key is missing.
    const billing = (r.notes || []).some((n) => n.includes("need billing"));
    li.textContent = billing ? "Offline design" : "Offline design — set GEMINI_API_KEY for AI renders"; notes.append(li);
  }
  if (newest && ctx.onVary) {
    const vary = document.createElement("button"); vary.type = "button"; vary.className = "vary";
    vary.textContent = `Vary render ${r.number}`; vary.addEventListener("click", ctx.onVary);
    div.querySelector(".row").prepend(vary);
  }
  exportControls(div, r, ctx.background);
  div.querySelector(".kit").addEventListener("click", (e) => brandKit(e.currentTarget, r, div, ctx.onError));
  stars(div, r, ctx.onError);
  return div;
}
