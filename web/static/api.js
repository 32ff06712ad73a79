// The studio API from the page: JSON calls, POSTs read as server-sent events (EventSource cannot POST), uploads.
export const API = "/api/v1/profile-creator";
export const HEADERS = { "Content-Type": "application/json", "X-Profile-Creator": "1" };

async function failure(response) {
  const body = await response.json().catch(() => ({}));
  return new Error(body.error || `HTTP ${response.status}`);
}

export async function json(path, options = {}) {
  const response = await fetch(API + path, options);
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function post(path, body) {
  return json(path, { method: "POST", headers: HEADERS, body: JSON.stringify(body || {}) });
}

export async function patch(path, body) {
  return json(path, { method: "PATCH", headers: HEADERS, body: JSON.stringify(body || {}) });
}

// POST and read server-sent events; onEvent(name, data) for each.
export async function stream(path, body, onEvent) {
  const response = await fetch(API + path, { method: "POST", headers: HEADERS, body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
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

// The image file itself is the body; the server checks and cleans it as the bot does.
export async function upload(path, file) {
  const response = await fetch(API + path, { method: "POST", body: file,
    headers: { "Content-Type": file.type || "application/octet-stream", "X-Profile-Creator": "1" } });
  if (!response.ok) throw await failure(response);
  return response.json();
}
