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
  hideMfaStep();
  $("api-key-created").hidden = true;
  $("api-key-created").replaceChildren(); // a key shown once must not linger for the next user
  $("two-factor-body").replaceChildren(); // nor backup codes
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
  twoFactor: { title: "Two-factor authentication", load: loadTwoFactor },
  apiKeys: { title: "API keys", load: loadApiKeys },
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

// --- Two-factor authentication ---------------------------------------------------------------

/** Renders the two-factor card into its body. */
function twoFactorBody(...children) {
  $("two-factor-body").replaceChildren(...children);
}

async function loadTwoFactor() {
  const status = await api("GET", "/api/security/2fa");
  if (!status.enabled) {
    twoFactorBody(
        el("p", null, "Two-factor authentication is ", el("strong", null, "off"), "."),
        el("div", { className: "button-row" },
            el("button", { type: "button", className: "button button-primary", onclick: startSetup },
                "Enable 2FA")));
    return;
  }
  const remaining = status.backup_codes_remaining;
  twoFactorBody(
      el("p", null, "Two-factor authentication is ", el("strong", null, "on"),
          ". You'll be asked for a code from your authenticator app when you sign in."),
      el("p", { className: status.backup_codes_low ? "warning" : "muted" },
          remaining === 1 ? "1 backup code left." : remaining + " backup codes left.",
          status.backup_codes_low ? " Generate new codes so you don't get locked out." : null),
      el("div", { className: "button-row" },
          el("button", { type: "button", className: "button", onclick: regenerateCodes },
              "Regenerate backup codes"),
          el("button", { type: "button", className: "button button-danger", onclick: disableTwoFactor },
              "Disable 2FA")));
}

async function startSetup() {
  let setup;
  try {
    setup = await api("POST", "/api/security/2fa/setup");
  } catch (error) {
    handleFailure(error);
    await loadTwoFactor().catch(handleFailure);
    return;
  }
  const error = el("p", { className: "form-error", role: "alert", hidden: true });
  const input = el("input", { type: "text", name: "code", inputmode: "numeric",
    autocomplete: "one-time-code", maxlength: "10", required: true });
  const form = el("form", { novalidate: true },
      el("label", null, "Enter the 6-digit code from your authenticator app", input),
      error,
      el("div", { className: "button-row" },
          el("button", { type: "submit", className: "button button-primary" }, "Confirm"),
          el("button", { type: "button", className: "button",
            onclick: () => loadTwoFactor().catch(handleFailure) }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      const result = await api("POST", "/api/security/2fa/confirm", { code: input.value });
      showBackupCodes(result, "Two-factor authentication is on. Save your backup codes now.");
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { handleFailure(e); return; }
      error.textContent = describeError(e);
      error.hidden = false;
      if (e instanceof ApiError && e.code === "no_pending_enrollment") {
        await loadTwoFactor().catch(handleFailure);
      }
    }
  });
  twoFactorBody(
      el("ol", null,
          el("li", null, "Open your authenticator app and scan this QR code."),
          el("li", null, "Can't scan it? Enter this key manually instead.")),
      // The QR code is a data: URI set as an attribute, never parsed as markup.
      el("img", { className: "qr", src: setup.qr_png, alt: "QR code for your authenticator app",
        width: "200", height: "200" }),
      el("p", null, "Setup key: ", el("span", { className: "secret" }, setup.secret)),
      form);
  input.focus();
}

/** Shows codes once, with Copy and Download, then a button back to the normal state. */
function showBackupCodes(result, heading) {
  const codes = result.backup_codes;
  const copy = el("button", { type: "button", className: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      copy.textContent = "Copied";
    } catch (e) {
      notify("Could not copy. Select the codes and copy them by hand.", true);
    }
  });
  const download = el("button", { type: "button", className: "button" }, "Download (.txt)");
  download.addEventListener("click", () => {
    // Saved from the codes already on screen: no second request, nothing cached server-side.
    const text = result.text;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = el("a", { href: url, download: "latchkey-backup-codes.txt" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  twoFactorBody(
      el("div", { className: "secret-box" },
          el("p", null, el("strong", null, heading)),
          el("p", { className: "warning" }, "These codes are shown only once. Each works one time, "
              + "in place of a code from your authenticator app. Store them in a password manager."),
          el("ol", { className: "code-list" }, ...codes.map((c) => el("li", null, c))),
          el("div", { className: "button-row" }, copy, download,
              el("button", { type: "button", className: "button button-primary",
                onclick: () => loadTwoFactor().catch(handleFailure) }, "I've saved them"))));
}

async function regenerateCodes() {
  const code = prompt("Enter the current 6-digit code from your authenticator app to generate "
      + "new backup codes. Your old codes will stop working.");
  if (!code) return;
  try {
    const result = await api("POST", "/api/security/2fa/backup-codes", { code });
    showBackupCodes(result, "New backup codes. The old ones no longer work.");
  } catch (error) {
    handleFailure(error);
  }
}

async function disableTwoFactor() {
  const code = prompt("Enter a code from your authenticator app, or a backup code, to turn off "
      + "two-factor authentication.");
  if (!code) return;
  try {
    await api("POST", "/api/security/2fa/disable", { code });
    notify("Two-factor authentication is off.");
    await loadTwoFactor();
  } catch (error) {
    handleFailure(error);
  }
}

// --- API keys --------------------------------------------------------------------------------

const PERMISSION_LABELS = { read_only: "Read only", read_write: "Read and write", admin: "Admin" };

async function loadApiKeys() {
  const keys = await api("GET", "/api/api-keys");
  const rows = $("api-key-rows");
  rows.replaceChildren();
  if (keys.length === 0) {
    rows.append(el("tr", null, el("td", { colspan: "7", className: "empty" }, "No API keys yet.")));
  }
  for (const k of keys) {
    rows.append(apiKeyRow(k));
  }
}

function apiKeyRow(k) {
  const works = k.status === "active" || k.status === "rotating";
  const when = (iso) => iso
      ? el("time", { datetime: iso, title: absolute.format(new Date(iso)) }, timeAgo(iso))
      : "Never";
  return el("tr", null,
      el("td", null, k.name),
      el("td", null, el("code", null, k.hint)),
      el("td", null, PERMISSION_LABELS[k.permission] || k.permission),
      el("td", null, when(k.created_at)),
      el("td", null, when(k.last_used_at)),
      el("td", { className: "status-" + k.status }, k.status),
      el("td", null, works ? el("div", { className: "button-row" },
          k.status === "active" ? el("button", { type: "button", className: "button",
            "aria-label": "Rotate key " + k.name, onclick: () => rotateKey(k) }, "Rotate") : null,
          el("button", { type: "button", className: "button button-danger",
            "aria-label": "Revoke key " + k.name, onclick: () => revokeKey(k) }, "Revoke")) : null));
}

/** Shows a new key once, with Copy and a warning. */
function showNewKey(result) {
  const box = $("api-key-created");
  const copy = el("button", { type: "button", className: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(result.key);
      copy.textContent = "Copied";
    } catch (e) {
      notify("Could not copy. Select the key and copy it by hand.", true);
    }
  });
  box.replaceChildren(
      el("p", null, el("strong", null, "Your new API key “" + result.api_key.name + "”")),
      el("p", { className: "secret" }, result.key),
      el("p", { className: "warning" }, "Copy it now: it won't be shown again."),
      el("div", { className: "button-row" }, copy,
          el("button", { type: "button", className: "button",
            onclick: () => { box.hidden = true; box.replaceChildren(); } }, "Done")));
  box.hidden = false;
}

async function createApiKey(event) {
  event.preventDefault();
  const form = event.currentTarget;
  formError(form, null);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const result = await api("POST", "/api/api-keys",
        { name: form.elements.name.value, permission: form.elements.permission.value });
    form.reset();
    showNewKey(result);
    await loadApiKeys();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) handleFailure(error);
    else formError(form, describeError(error));
  } finally {
    button.disabled = false;
  }
}

async function revokeKey(k) {
  if (!confirm("Revoke “" + k.name + "”? Applications using it stop working at once.")) return;
  try {
    await api("DELETE", "/api/api-keys/" + encodeURIComponent(k.id));
    notify("API key revoked.");
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "api_key_not_found")) {
      handleFailure(error);
      return;
    }
  }
  await loadApiKeys().catch(handleFailure);
}

async function rotateKey(k) {
  const answer = prompt("Rotate “" + k.name + "”: a new key replaces it. How many hours should the "
      + "old key keep working (0 stops it now)?", "24");
  if (answer === null) return;
  const hours = Number(answer);
  if (!Number.isFinite(hours) || hours < 0) {
    notify("Enter a number of hours, 0 or more.", true);
    return;
  }
  try {
    const result = await api("POST", "/api/api-keys/" + encodeURIComponent(k.id) + "/rotate",
        { grace_seconds: Math.round(hours * 3600) });
    showNewKey(result);
    await loadApiKeys();
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

/** The pending second step of a sign-in: the token from {status:"mfa_required"}. */
let mfaToken = null;

async function signIn(email, password) {
  const result = await api("POST", "/api/login", { email, password });
  if (result && result.status === "mfa_required") {
    showMfaStep(result.mfa_token);
    return;
  }
  await showSignedIn(await api("GET", "/api/me"));
}

function showMfaStep(token) {
  mfaToken = token;
  $("sign-in-form").hidden = true;
  const form = $("mfa-form");
  formError(form, null);
  form.hidden = false;
  form.elements.code.focus();
}

function hideMfaStep() {
  mfaToken = null;
  const form = $("mfa-form");
  form.reset();
  form.hidden = true;
  $("sign-in-form").hidden = false;
}

async function submitMfa(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector("button[type=submit]");
  formError(form, null);
  button.disabled = true;
  try {
    await api("POST", "/api/login/mfa", { mfa_token: mfaToken, code: form.elements.code.value });
    hideMfaStep();
    await showSignedIn(await api("GET", "/api/me"));
  } catch (error) {
    if (error instanceof ApiError && error.code === "invalid_challenge") {
      hideMfaStep();
      formError($("sign-in-form"), describeError(error));
    } else {
      formError(form, describeError(error));
    }
  } finally {
    button.disabled = false;
  }
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
  $("mfa-form").addEventListener("submit", submitMfa);
  $("mfa-cancel").addEventListener("click", hideMfaStep);
  $("api-key-form").addEventListener("submit", createApiKey);
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
