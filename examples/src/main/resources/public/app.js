// Latchkey demo page. Vanilla JS, no build step.
//
// Rule for this file: every string that came from the server (device names, locations, emails,
// error messages) reaches the page through textContent or an attribute, never through innerHTML,
// so a hostile User-Agent shown in the session list cannot inject markup.
"use strict";

// ---------------------------------------------------------------------------------------------
// API client
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/**
 * Calls the JSON API. State-changing requests always send Content-Type: application/json: the
 * server refuses them otherwise (a CSRF defence, see ApiFilters.java).
 */
async function api(method, path, body) {
  const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET") {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body === undefined ? {} : body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection.", null);
  }
  const requestId = response.headers.get("X-Request-Id");
  if (response.status === 204) {
    return null;
  }
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    throw new ApiError(response.status, error.code || "http_" + response.status,
        error.message || "Something went wrong.", error.request_id || requestId);
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers
// ---------------------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** Creates an element; string children become text nodes (never parsed as HTML). */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "className") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let noticeTimer = null;

function notify(message, isError) {
  const notice = $("notice");
  notice.textContent = message;
  notice.classList.toggle("notice-error", Boolean(isError));
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, 6000);
}

function describeError(error) {
  if (error instanceof ApiError && error.requestId && error.status >= 500) {
    return error.message + " (request id " + error.requestId + ")";
  }
  return error.message;
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "just now", "5 minutes ago", "yesterday"… */
function timeAgo(iso) {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const steps = [[60, "second"], [60, "minute"], [24, "hour"], [7, "day"], [4.35, "week"],
    [12, "month"], [Infinity, "year"]];
  if (Math.abs(seconds) < 45) return "just now";
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return absolute.format(new Date(iso));
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/** Why the page shows the sign-in form, in words, for each 401 code. */
const SIGNED_OUT_REASONS = {
  session_revoked: "You were signed out because this session was revoked.",
  session_expired: "Your session expired. Sign in again to continue.",
};

function showSignedOut(reasonCode) {
  $("signed-in").hidden = true;
  $("account").hidden = true;
  $("signed-out").hidden = false;
  const reason = SIGNED_OUT_REASONS[reasonCode];
  if (reason) notify(reason, true);
}

async function showSignedIn(me) {
  $("account-email").textContent = me.email;
  $("account").hidden = false;
  $("signed-out").hidden = true;
  $("signed-in").hidden = false;
  await loadSections();
}

/** Any 401 from an authenticated call means the session is gone: back to the sign-in form. */
function handleFailure(error) {
  if (error instanceof ApiError && error.status === 401) {
    showSignedOut(error.code);
  } else {
    notify(describeError(error), true);
  }
}

// ---------------------------------------------------------------------------------------------
// Settings sections. Each entry renders one <section data-section="…"> of index.html.
// Later capabilities add an entry here and a section there.
// ---------------------------------------------------------------------------------------------

const SECTIONS = {
  sessions: { title: "Active sessions", load: loadSessions },
};

function buildNav() {
  const nav = $("section-nav");
  nav.replaceChildren();
  for (const section of document.querySelectorAll("section[data-section]")) {
    const entry = SECTIONS[section.dataset.section];
    if (!entry) continue;
    nav.append(el("li", null, el("a", { href: "#" + section.id }, entry.title)));
  }
}

async function loadSections() {
  const loads = [];
  for (const section of document.querySelectorAll("section[data-section]")) {
    const entry = SECTIONS[section.dataset.section];
    if (entry) loads.push(entry.load());
  }
  try {
    await Promise.all(loads);
  } catch (error) {
    handleFailure(error);
  }
}

// --- Active sessions -------------------------------------------------------------------------

async function loadSessions() {
  const sessions = await api("GET", "/api/security/sessions");
  const list = $("session-list");
  list.replaceChildren();
  if (sessions.length === 0) {
    list.append(el("li", { className: "empty" }, "No active sessions."));
  }
  // This device first, then the rest as the server ordered them (most recently active first).
  const ordered = [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
  for (const s of ordered) {
    list.append(sessionRow(s));
  }
  $("revoke-others").disabled = !sessions.some((s) => !s.current);
}

function sessionRow(s) {
  const where = [s.location, s.ip_address].filter(Boolean).join(" · ");
  const lastActive = s.current
      ? el("span", null, "Active now")
      : el("span", null, "Last active ",
          el("time", { datetime: s.last_active, title: absolute.format(new Date(s.last_active)) },
              timeAgo(s.last_active)));
  return el("li", { className: "session" },
      el("div", null,
          el("div", { className: "session-device" },
              s.device || "Unknown device",
              s.current ? el("span", { className: "badge" }, "This device") : null),
          el("div", { className: "session-meta" }, where),
          el("div", { className: "session-meta" }, lastActive, " · Signed in ",
              el("time", { datetime: s.created_at }, absolute.format(new Date(s.created_at))))),
      s.current ? null : el("button", {
        type: "button",
        className: "button button-danger",
        "aria-label": "Revoke session on " + (s.device || "unknown device"),
        onclick: (event) => revokeSession(s, event.currentTarget),
      }, "Revoke"));
}

async function revokeSession(session, button) {
  button.disabled = true;
  try {
    await api("DELETE", "/api/security/sessions/" + encodeURIComponent(session.id));
    notify("Session revoked. That device has been signed out.");
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "session_not_found")) {
      handleFailure(error);
      return;
    }
  }
  await loadSessions().catch(handleFailure);
}

async function revokeOthers() {
  if (!confirm("Sign out of all other sessions? You will stay signed in on this device.")) return;
  try {
    const result = await api("POST", "/api/security/sessions/revoke-others");
    notify(result.revoked === 1 ? "Signed out of 1 other session."
        : "Signed out of " + result.revoked + " other sessions.");
    await loadSessions();
  } catch (error) {
    handleFailure(error);
  }
}

async function revokeAll() {
  if (!confirm("Sign out everywhere, including this device?")) return;
  try {
    await api("POST", "/api/security/sessions/revoke-all");
    showSignedOut();
    notify("You have been signed out on all devices.");
  } catch (error) {
    handleFailure(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Sign in, sign up, sign out
// ---------------------------------------------------------------------------------------------

function formError(form, message) {
  const slot = form.querySelector(".form-error");
  slot.textContent = message || "";
  slot.hidden = !message;
}

async function submitForm(form, action) {
  const button = form.querySelector("button[type=submit]");
  formError(form, null);
  button.disabled = true;
  try {
    await action(form.elements.email.value, form.elements.password.value);
    form.reset();
  } catch (error) {
    formError(form, describeError(error));
  } finally {
    button.disabled = false;
  }
}

async function signIn(email, password) {
  await api("POST", "/api/login", { email, password });
  await showSignedIn(await api("GET", "/api/me"));
}

async function signUp(email, password) {
  await api("POST", "/api/signup", { email, password });
  await signIn(email, password);
  notify("Your account has been created.");
}

async function signOut() {
  try {
    await api("POST", "/api/logout");
  } catch (error) {
    // Signing out is best effort; the server clears the cookie either way.
  }
  showSignedOut();
  notify("You have been signed out.");
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", async () => {
  $("sign-in-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitForm(e.currentTarget, signIn);
  });
  $("sign-up-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitForm(e.currentTarget, signUp);
  });
  $("sign-out").addEventListener("click", signOut);
  $("revoke-others").addEventListener("click", revokeOthers);
  $("revoke-all").addEventListener("click", revokeAll);
  buildNav();

  // Coming back to the tab re-checks the session, so a revocation from another device shows at once.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !$("signed-in").hidden) {
      loadSections();
    }
  });

  try {
    await showSignedIn(await api("GET", "/api/me"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      showSignedOut(error.code === "unauthenticated" ? null : error.code);
    } else {
      showSignedOut();
      notify(describeError(error), true);
    }
  }
});
