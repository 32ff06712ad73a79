// The brief card, editable in place: each field saves when the user leaves it (or presses Enter), colour chips
// are added and removed at once. The server writes exactly what was typed; the next render reads it.
import { patch } from "./api.js";

const $ = (id) => document.getElementById(id);
const card = { session: null, elements: [], colors: [], onChange: () => {}, onError: () => {} };

// What the server last confirmed for each field: a field being typed in is left alone when a coach turn updates
// the card, and a refused edit goes back to it.
const saved = {};

function say(text) { $("brief-saved").textContent = text; }

async function save(body, what) {
  try {
    const answer = await patch(`/sessions/${card.session}/brief`, body);
    showBrief(answer);
    const drawn = card.rendered() ? " Press Generate to draw it (an edit in the chat changes the last render)." : "";
    say(answer.changed.length ? `Saved: ${what}.${drawn}` : "Nothing changed.");
    card.onChange(answer);
  } catch (error) {
    say(error.message); card.onError(error.message);
    showBrief({ brief: saved, missing: [], ready: null, colors: card.colors }, true);
  }
}

function field({ name, label }) {
  const wrap = document.createElement("div"); wrap.className = "field"; wrap.dataset.field = name;
  const title = document.createElement("label"); title.htmlFor = `brief-${name}`;
  title.append(label, " ", Object.assign(document.createElement("span"), { className: "status" }));
  const input = Object.assign(document.createElement("input"), { id: `brief-${name}`, maxLength: 200,
    autocomplete: "off" });
  input.addEventListener("change", () => save({ fields: { [name]: input.value.trim() || null } }, label.toLowerCase()));
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); input.blur(); } });
  wrap.append(title, input);
  return wrap;
}

function chip(colour) {
  const li = document.createElement("li"); li.className = "chip";
  const swatch = document.createElement("span"); swatch.className = "chip-swatch"; swatch.style.background = colour;
  swatch.setAttribute("aria-hidden", "true");
  const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "×" });
  remove.setAttribute("aria-label", `Remove ${colour}`);
  remove.addEventListener("click", () => save({ colors: card.colors.filter((c) => c !== colour) }, "brand colours"));
  li.append(swatch, colour, remove);
  return li;
}

// When the engine is unsure which picture the main element calls for, a few to pick from (none is drawn silently).
function markButton({ mark, label, image }) {
  const button = Object.assign(document.createElement("button"), { type: "button", className: "mark" });
  button.setAttribute("aria-label", `Draw it as ${label}`); button.title = label;
  const picture = Object.assign(document.createElement("img"), { src: image, alt: "", width: 48, height: 48 });
  button.append(picture, Object.assign(document.createElement("span"), { textContent: label }));
  button.addEventListener("click", () => save({ mark }, `main element (${label})`));
  return button;
}

function addColour(event) {
  event.preventDefault();
  const word = $("add-colour").value.trim();
  if (!word) return;
  $("add-colour").value = "";
  save({ colors: [...card.colors, word] }, "brand colours");
}

// Builds the fields of this creation type once (the session's type does not change).
export function wireBrief(sessionId, elements, hooks) {
  Object.assign(card, { session: sessionId, ...hooks });
  if (card.elements === elements) return;
  card.elements = elements;
  $("brief-fields").replaceChildren(...elements.map(field));
  $("colour-form").onsubmit = addColour;
}

// ``kept``: only the fields' values (after a refused edit, back to what is saved), not the readiness.
export function showBrief(b, kept = false) {
  for (const { name } of card.elements) {
    const wrap = $("brief-fields").querySelector(`[data-field="${name}"]`);
    const input = wrap.querySelector("input"), value = b.brief[name] || "";
    const editing = document.activeElement === input && input.value !== (saved[name] || "");
    if (!editing) input.value = value;
    saved[name] = value;
    if (kept) continue;
    const missing = b.missing.includes(name);
    wrap.className = `field ${missing ? "todo" : value ? "ok" : "maybe"}`;
    wrap.querySelector(".status").textContent = missing ? "· still needed" : value ? "✓" : "· optional";
    input.placeholder = missing ? "still needed" : "optional";
  }
  if (b.marks) {
    $("mark-grid").replaceChildren(...b.marks.map(markButton));
    $("mark-choices").hidden = b.marks.length === 0;
  }
  if (b.colors) {
    card.colors = b.colors;
    $("colour-chips").replaceChildren(...b.colors.map(chip));
    $("no-colours").hidden = b.colors.length > 0;
    // Colours named in the brief (the colour scheme) are drawn even with no chip: the hint must not say otherwise.
    $("no-colours").textContent = (b.brief.color_scheme || "").trim()
      ? "None added: the colours in your brief are used." : "None yet: the style's palette is used.";
  }
  if (kept) return;
  $("brief-state").textContent = b.ready ? "Ready to generate." : "The coach is still gathering the brief.";
  $("step-options").hidden = !b.ready;
}
