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
  constructor(status, code, message, requestId, violations) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    // For weak_password: [{code, message, params}], one per reason the policy refused it.
    this.violations = Array.isArray(violations) ? violations : [];
  }
}

/**
 * Calls the JSON API. A sensitive action that answers 403 reauthentication_required (this session
 * signed in too long ago) opens the "Confirm it's you" dialog; once the password or code is
 * accepted, the same request is sent once more. Cancelling the dialog fails the call with
 * reauthentication_cancelled, and nothing was changed.
 */
async function api(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "reauthentication_required")) throw error;
    if (!(await reauthenticate())) {
      throw new ApiError(error.status, "reauthentication_cancelled",
          "Not confirmed, so nothing was changed.", error.requestId);
    }
    return await request(method, path, body);
  }
}

/**
 * One HTTP round trip. State-changing requests always send Content-Type: application/json: the
 * server refuses them otherwise (a CSRF defence, see ApiFilters.java).
 */
async function request(method, path, body) {
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
        error.message || "Something went wrong.", error.request_id || requestId, error.violations);
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
// "Confirm it's you" and "other sessions were signed out"
// ---------------------------------------------------------------------------------------------

/** The dialog in progress, so actions that need it at the same time share one. */
let reauthPending = null;

/** Asks for the password or a code; resolves true once the server accepted it. */
function reauthenticate() {
  if (!reauthPending) {
    reauthPending = openReauthDialog().finally(() => { reauthPending = null; });
  }
  return reauthPending;
}

function openReauthDialog() {
  const dialog = $("reauth-dialog");
  const form = $("reauth-form");
  // An account without a password (provider sign-up) can only confirm with a code.
  let useCode = Boolean(me && !me.has_password);
  const show = () => {
    $("reauth-password-field").hidden = useCode;
    $("reauth-code-field").hidden = !useCode;
    $("reauth-toggle").hidden = Boolean(me && !me.has_password);
    $("reauth-toggle").textContent = useCode ? "Use your password instead" : "Use a code instead";
    $("reauth-intro").textContent = "This is a sensitive change and you signed in a while ago. "
        + (useCode ? "Enter a code from your authenticator app, or a backup code, to continue."
            : "Enter your password to continue.");
    (useCode ? form.elements.code : form.elements.password).focus();
  };
  form.reset();
  formError(form, null);
  return new Promise((resolve) => {
    let done = false;
    const finish = (confirmed) => {
      if (done) return;
      done = true;
      form.onsubmit = null;
      dialog.oncancel = null;
      dialog.onclose = null;
      $("reauth-cancel").onclick = null;
      $("reauth-toggle").onclick = null;
      form.reset(); // never keep a password or code around
      if (dialog.open) dialog.close();
      resolve(confirmed);
    };
    $("reauth-toggle").onclick = () => { useCode = !useCode; formError(form, null); show(); };
    $("reauth-cancel").onclick = () => finish(false);
    dialog.oncancel = (event) => { event.preventDefault(); finish(false); }; // Esc
    dialog.onclose = () => finish(false); // closed from elsewhere (signed out meanwhile)
    form.onsubmit = async (event) => {
      event.preventDefault();
      formError(form, null);
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        await request("POST", "/api/security/reauthenticate", useCode
            ? { code: form.elements.code.value } : { password: form.elements.password.value });
        finish(true);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          finish(false);
          handleFailure(error);
        } else {
          formError(form, describeError(error));
        }
      } finally {
        button.disabled = false;
      }
    };
    dialog.showModal();
    show();
  });
}

/**
 * A change of factor (2FA on or off, new backup codes, a password, a connected account) signs the
 * account out everywhere else: say so next to the change, from the answer's other_sessions_ended,
 * and refresh the session list. The server has already replaced this browser's cookie.
 */
function showSessionsEnded(noteId, result) {
  const n = result && Number.isInteger(result.other_sessions_ended) ? result.other_sessions_ended : 0;
  const note = $(noteId);
  note.textContent = n === 0 ? "" : n === 1
      ? "1 other session was signed out. Only this device is still signed in."
      : n + " other sessions were signed out. Only this device is still signed in.";
  note.hidden = n === 0;
  if (n > 0) loadSessions().catch(handleFailure);
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
  for (const note of document.querySelectorAll(".sessions-ended")) {
    note.textContent = "";
    note.hidden = true;
  }
  if ($("reauth-dialog").open) $("reauth-dialog").close();
  $("signed-in").hidden = true;
  $("account").hidden = true;
  $("signed-out").hidden = false;
  const reason = SIGNED_OUT_REASONS[reasonCode];
  if (reason) notify(reason, true);
}

/** The signed-in account as GET /api/me describes it. */
let me = null;

async function showSignedIn(account) {
  me = account;
  $("account-email").textContent = me.email;
  $("account").hidden = false;
  $("signed-out").hidden = true;
  $("signed-in").hidden = false;
  // An enrolment-only session (the server requires 2FA) may only set up two-factor authentication.
  const restricted = !me.fully_authenticated;
  $("enrollment-banner").hidden = !restricted;
  for (const section of document.querySelectorAll("section[data-section]")) {
    section.hidden = restricted && section.dataset.section !== "twoFactor";
  }
  buildNav();
  await loadSections();
}

/** Any 401 from an authenticated call means the session is gone: back to the sign-in form. */
function handleFailure(error) {
  if (error instanceof ApiError && error.status === 401) {
    showSignedOut(error.code);
  } else if (error instanceof ApiError && error.code === "two_factor_enrollment_required") {
    api("GET", "/api/me").then(showSignedIn).catch(() => showSignedOut());
    notify(describeError(error), true);
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
  password: { title: "Password", load: loadPassword },
  connectedAccounts: { title: "Connected accounts", load: loadConnectedAccounts },
  apiKeys: { title: "API keys", load: loadApiKeys },
  sessions: { title: "Active sessions", load: loadSessions },
  loginHistory: { title: "Login history", load: () => loadLoginHistory(false) },
};

function buildNav() {
  const nav = $("section-nav");
  nav.replaceChildren();
  for (const section of document.querySelectorAll("section[data-section]")) {
    const entry = SECTIONS[section.dataset.section];
    if (!entry || section.hidden) continue;
    nav.append(el("li", null, el("a", { href: "#" + section.id }, entry.title)));
  }
}

async function loadSections() {
  const loads = [];
  for (const section of document.querySelectorAll("section[data-section]")) {
    const entry = SECTIONS[section.dataset.section];
    if (entry && !section.hidden) loads.push(entry.load());
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
      if (me && !me.fully_authenticated) {
        // The server upgraded this session to a full one: unlock the rest of the page.
        await showSignedIn(await api("GET", "/api/me"));
      }
      showBackupCodes(result, "Two-factor authentication is on. Save your backup codes now.");
      showSessionsEnded("two-factor-sessions-ended", result);
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
    showSessionsEnded("two-factor-sessions-ended", result);
  } catch (error) {
    handleFailure(error);
  }
}

async function disableTwoFactor() {
  const code = prompt("Enter a code from your authenticator app, or a backup code, to turn off "
      + "two-factor authentication.");
  if (!code) return;
  try {
    const result = await api("POST", "/api/security/2fa/disable", { code });
    notify("Two-factor authentication is off.");
    showSessionsEnded("two-factor-sessions-ended", result);
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

// --- Password ----------------------------------------------------------------------------------

/**
 * The policy's rules as the user types. Only a hint: the server decides (it also refuses common
 * passwords and ones containing your email or the product name).
 */
const PASSWORD_RULES = [
  { text: "At least 8 characters", test: (p) => [...p].length >= 8 },
  { text: "one uppercase letter", test: (p) => /\p{Lu}/u.test(p) },
  { text: "one number", test: (p) => /\p{Nd}/u.test(p) },
  { text: "one special character", test: (p) => /[^\p{L}\p{N}\s]/u.test(p) },
];

/** Renders the live rule hint ("At least 8 characters, one uppercase letter, …") for an input. */
function updateRules(input) {
  const hint = $(input.dataset.rules);
  if (!hint) return;
  const value = input.value;
  const parts = [];
  PASSWORD_RULES.forEach((rule, i) => {
    if (i > 0) parts.push(i === PASSWORD_RULES.length - 1 ? " and " : ", ");
    const met = value.length > 0 && rule.test(value);
    parts.push(el("span", { className: met ? "rule rule-met" : "rule" }, (met ? "✓ " : "") + rule.text));
  });
  parts.push(".");
  hint.replaceChildren(...parts);
}

let nextRulesId = 0;

/** A password input with its own live rule hint. */
function passwordField(label, name, autocomplete, withRules) {
  const input = el("input", { type: "password", name, autocomplete, required: true });
  if (!withRules) return el("label", null, label, input);
  const hintId = "password-rules-" + (nextRulesId++);
  input.dataset.rules = hintId;
  input.setAttribute("aria-describedby", hintId);
  input.addEventListener("input", () => updateRules(input));
  const hint = el("div", { className: "hint", id: hintId });
  const label_ = el("label", null, label, input);
  queueMicrotask(() => updateRules(input));
  return el("div", { className: "field" }, label_, hint);
}

async function loadPassword() {
  const body = $("password-body");
  const hasPassword = me && me.has_password;
  $("password-intro").textContent = hasPassword
      ? "Changing your password signs you out on every other device; you stay signed in here."
      : "You sign in through a connected account and have no password yet. Set one to sign in "
        + "with your email too (you may be asked to confirm it's you first).";
  const form = el("form", { novalidate: true, className: "narrow-form" },
      hasPassword ? passwordField("Current password", "current", "current-password", false) : null,
      passwordField("New password", "next", "new-password", true),
      passwordField("Confirm new password", "confirm", "new-password", false),
      el("div", { className: "form-error", role: "alert", hidden: true }),
      el("div", { className: "button-row" },
          el("button", { type: "submit", className: "button button-primary" },
              hasPassword ? "Change password" : "Set password")));
  form.addEventListener("submit", (event) => submitPassword(event, hasPassword));
  body.replaceChildren(form);
}

async function submitPassword(event, hasPassword) {
  event.preventDefault();
  const form = event.currentTarget;
  formError(form, null);
  const next = form.elements.next.value;
  if (next !== form.elements.confirm.value) {
    formError(form, "The new passwords don't match.");
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    let result;
    if (hasPassword) {
      result = await api("POST", "/api/security/password",
          { current_password: form.elements.current.value, new_password: next });
      notify("Password changed.");
    } else {
      result = await api("POST", "/api/security/password/set", { new_password: next });
      notify("Password set. You can now sign in with your email and password.");
    }
    showSessionsEnded("password-sessions-ended", result);
    me = await api("GET", "/api/me");
    await Promise.all([loadPassword(), loadSessions(), loadConnectedAccounts(),
      loadLoginHistory(false)]);
  } catch (error) {
    showFormFailure(form, error);
  } finally {
    button.disabled = false;
  }
}

// --- Connected accounts ------------------------------------------------------------------------

const PROVIDERS = { github: "GitHub", google: "Google", gitlab: "GitLab" };

async function loadConnectedAccounts() {
  const linked = await api("GET", "/api/security/connected-accounts");
  const list = $("connected-list");
  list.replaceChildren();
  if (linked.length === 0) {
    list.append(el("li", { className: "empty" }, "No connected accounts."));
  }
  for (const account of linked) {
    const name = PROVIDERS[account.provider] || account.provider;
    list.append(el("li", { className: "session" },
        el("div", null,
            el("div", { className: "session-device" }, name),
            el("div", { className: "session-meta" }, account.email || "No email shared"),
            el("div", { className: "session-meta" }, "Connected ",
                el("time", { datetime: account.linked_at }, absolute.format(new Date(account.linked_at))))),
        el("button", { type: "button", className: "button button-danger",
          "aria-label": "Disconnect " + name,
          onclick: () => disconnect(account.provider) }, "Disconnect")));
  }
  const buttons = $("connect-buttons");
  buttons.replaceChildren();
  for (const [provider, name] of Object.entries(PROVIDERS)) {
    if (linked.some((a) => a.provider === provider)) continue;
    buttons.append(el("button", { type: "button", className: "button",
      onclick: () => connect(provider) }, "Connect " + name + " (simulated)"));
  }
}

async function connect(provider) {
  try {
    const result = await api("POST", "/api/security/connected-accounts/"
        + encodeURIComponent(provider) + "/simulate-link", {});
    notify((PROVIDERS[provider] || provider) + " connected (simulated).");
    showSessionsEnded("connected-sessions-ended", result);
    await loadConnectedAccounts();
  } catch (error) {
    handleFailure(error);
  }
}

async function disconnect(provider) {
  const name = PROVIDERS[provider] || provider;
  if (!confirm("Disconnect " + name + "? You won't be able to sign in with it any more.")) return;
  try {
    const result = await api("DELETE",
        "/api/security/connected-accounts/" + encodeURIComponent(provider));
    notify(name + " disconnected.");
    showSessionsEnded("connected-sessions-ended", result);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "not_linked")) {
      handleFailure(error); // last_sign_in_method: the server's sentence says what to do
      return;
    }
  }
  await loadConnectedAccounts().catch(handleFailure);
}

// --- Login history -----------------------------------------------------------------------------

/** Each event type in plain words. */
const EVENT_LABELS = {
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Failed sign-in attempt",
  "sign_in.locked": "Account locked after too many attempts",
  "sign_out": "Signed out",
  "session.revoked": "Session revoked",
  "password.changed": "Password changed",
  "password.set": "Password set",
  "password.reset": "Password reset",
  "session.reauthenticated": "Identity confirmed",
  "totp.enabled": "Two-factor authentication enabled",
  "totp.disabled": "Two-factor authentication disabled",
  "backup_code.used": "Backup code used",
  "backup_code.restored": "Backup code given back (the sign-in failed)",
  "backup_codes.regenerated": "Backup codes regenerated",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "api_key.rotated": "API key rotated",
  "connected_account.added": "Connected account added",
  "connected_account.removed": "Connected account removed",
};

const METHOD_LABELS = { password: "with password", totp: "with authenticator app",
  backup_code: "with a backup code", github: "with GitHub", google: "with Google", gitlab: "with GitLab" };

/** The cursor of the next page, or null when everything is shown. */
let historyCursor = null;

async function loadLoginHistory(more) {
  const type = $("history-type").value;
  let path = "/api/security/login-history?limit=20";
  if (type) path += "&type=" + encodeURIComponent(type);
  if (more && historyCursor) path += "&cursor=" + encodeURIComponent(historyCursor);
  const page = await api("GET", path);
  const rows = $("history-rows");
  if (!more) rows.replaceChildren();
  for (const event of page.events) {
    rows.append(historyRow(event));
  }
  if (!more && page.events.length === 0) {
    rows.append(el("tr", null, el("td", { colspan: "5", className: "empty" }, "No events.")));
  }
  historyCursor = page.next_cursor;
  $("history-more").hidden = !historyCursor;
}

function historyRow(event) {
  const details = event.details || {};
  const label = EVENT_LABELS[event.type] || event.type;
  const extra = [];
  if (event.type === "sign_in.succeeded" && METHOD_LABELS[details.method]) {
    extra.push(METHOD_LABELS[details.method]);
  }
  if (details.provider && PROVIDERS[details.provider]) extra.push(PROVIDERS[details.provider]);
  if (event.type === "session.reauthenticated" && METHOD_LABELS[details.method]) {
    extra.push(METHOD_LABELS[details.method]);
  }
  const ended = Number(details.other_sessions_ended);
  if (ended > 0) {
    extra.push(ended === 1 ? "1 other session signed out" : ended + " other sessions signed out");
  }
  return el("tr", { className: event.suspicious ? "suspicious" : null },
      el("td", null, label,
          extra.length ? el("span", { className: "muted" }, " (" + extra.join(", ") + ")") : null,
          event.suspicious ? el("span", { className: "badge badge-warning",
            title: "First sign-in from this device and location" }, "New device") : null),
      el("td", null, event.device || "—"),
      el("td", null, event.location || "—"),
      el("td", null, event.ip_address ? el("code", null, event.ip_address) : "—"),
      el("td", null, el("time", { datetime: event.at, title: absolute.format(new Date(event.at)) },
          timeAgo(event.at))));
}

// ---------------------------------------------------------------------------------------------
// Sign in, sign up, sign out
// ---------------------------------------------------------------------------------------------

/** Shows an error under a form; for weak_password, each of the policy's reasons as a list. */
function formError(form, message, violations) {
  const slot = form.querySelector(".form-error");
  slot.replaceChildren();
  if (violations && violations.length > 0) {
    slot.append(el("p", null, "Choose a stronger password:"),
        el("ul", { className: "violation-list" }, ...violations.map((v) => el("li", null, v.message))));
  } else {
    slot.textContent = message || "";
  }
  slot.hidden = !message && !(violations && violations.length > 0);
}

/** formError for a failed request: the violations of a weak_password, else the message. */
function showFormFailure(form, error) {
  if (error instanceof ApiError && error.status === 401) {
    handleFailure(error);
    return;
  }
  formError(form, describeError(error), error instanceof ApiError ? error.violations : null);
}

async function submitForm(form, action) {
  const button = form.querySelector("button[type=submit]");
  formError(form, null);
  button.disabled = true;
  try {
    await action(form.elements.email.value, form.elements.password.value);
    form.reset();
    form.querySelectorAll("input[data-rules]").forEach(updateRules);
  } catch (error) {
    formError(form, describeError(error), error instanceof ApiError ? error.violations : null);
  } finally {
    button.disabled = false;
  }
}

/** The pending second step of a sign-in: the token from {status:"mfa_required"}. */
let mfaToken = null;

async function signIn(email, password) {
  await afterSignIn(await api("POST", "/api/login", { email, password }));
}

/** Continues after any sign-in answer: the second step, or the settings page. */
async function afterSignIn(result) {
  if (result && result.status === "mfa_required") {
    showMfaStep(result.mfa_token);
    return;
  }
  await showSignedIn(await api("GET", "/api/me"));
  if (result && result.status === "enrollment_required") {
    notify("Two-factor authentication is required for your account. Set it up to continue.");
  }
}

/** The simulated provider form: sign in with an identity, or sign up with it (no password). */
async function submitProvider(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const mode = event.submitter ? event.submitter.value : "sign-in";
  const provider = form.elements.provider.value;
  const subject = form.elements.subject.value.trim();
  formError(form, null);
  if (!subject) {
    formError(form, "Enter the provider account id.");
    return;
  }
  try {
    let result;
    if (mode === "sign-up") {
      result = await api("POST", "/api/signup/provider/" + encodeURIComponent(provider) + "/simulate",
          { email: form.elements.email.value, subject });
    } else {
      result = await api("POST", "/api/login/provider/" + encodeURIComponent(provider) + "/simulate",
          { subject });
    }
    form.reset();
    await afterSignIn(result);
  } catch (error) {
    formError(form, describeError(error));
  }
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
  $("provider-form").addEventListener("submit", submitProvider);
  $("history-type").addEventListener("change", () => loadLoginHistory(false).catch(handleFailure));
  $("history-more").addEventListener("click", () => loadLoginHistory(true).catch(handleFailure));
  for (const input of document.querySelectorAll("input[data-rules]")) {
    input.addEventListener("input", () => updateRules(input));
    updateRules(input);
  }
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
